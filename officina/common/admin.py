"""The admin, scoped per organisation.

An organisation's IT administrator uses the Django admin without being installation staff: every
admin built on `TenantScopedAdmin` shows them only the rows of the organisations they administer,
offers only those rows as choices, and audits every change. Installation staff and superusers
keep Django's own permissions over every organisation.

This module knows no domain app: the admin site (officina.organisations.admin_site) tells which
organisations a request administers and writes the audit events, through `ScopedAdminSite`.
"""

from collections.abc import Iterable, Sequence
from typing import Any, Protocol, cast

from django import forms
from django.contrib import admin
from django.db import models
from django.db.models import QuerySet
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from officina.common.models import TenantModel

ADDED = "added"
CHANGED = "changed"
DELETED = "deleted"


class ScopedAdminSite(Protocol):
    """What the scoped admins need from the admin site."""

    _registry: dict[type[models.Model], admin.ModelAdmin[Any]]

    def is_global_admin(self, request: HttpRequest) -> bool:
        """Installation staff and superusers: Django's permissions, every organisation."""

    def administered_organisation_ids(self, request: HttpRequest) -> frozenset[int]:
        """The organisations where the signed-in person is IT administrator."""

    def record_admin_event(
        self,
        request: HttpRequest,
        *,
        change: str,
        obj: models.Model,
        organisation_ids: Sequence[int | None],
        action: str | None = None,
        details: dict[str, Any] | None = None,
    ) -> None:
        """Append an audit event for an admin change, once per organisation concerned."""


class TenantAdminForm(forms.ModelForm):  # type: ignore[type-arg]
    """Refuses a choice that belongs to another organisation than the row's own."""

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        organisation = cleaned.get("organisation")
        organisation_id = organisation.pk if organisation is not None else None
        if organisation_id is None:
            organisation_id = getattr(self.instance, "organisation_id", None)
        if organisation_id is None:
            return cleaned
        for name, value in cleaned.items():
            values = value if isinstance(value, QuerySet | list | tuple) else [value]
            if any(
                isinstance(item, TenantModel) and item.organisation_id != organisation_id
                for item in values
            ):
                self.add_error(name, _("This choice belongs to another organisation."))
        return cleaned


class TenantScopedMixin:
    """Scoping, permissions and choices shared by model admins and inlines.

    `tenant_field` is the lookup from the model to its organisation ("pk" for Organisation
    itself); override `scope_queryset` where one lookup is not enough (people).
    """

    tenant_field = "organisation"
    admin_site: Any
    model: type[models.Model]

    @property
    def scoped_site(self) -> ScopedAdminSite:
        return cast(ScopedAdminSite, self.admin_site)

    def is_global_admin(self, request: HttpRequest) -> bool:
        return self.scoped_site.is_global_admin(request)

    def organisation_ids(self, request: HttpRequest) -> frozenset[int]:
        return self.scoped_site.administered_organisation_ids(request)

    def scope_queryset(self, queryset: QuerySet[Any], organisation_ids: Iterable[int]) -> Any:
        return queryset.filter(**{f"{self.tenant_field}__in": organisation_ids})

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        queryset: QuerySet[Any] = super().get_queryset(request)  # type: ignore[misc]
        if self.is_global_admin(request):
            return queryset
        return self.scope_queryset(queryset, self.organisation_ids(request))  # type: ignore[no-any-return]

    def object_organisation_ids(self, obj: models.Model) -> list[int | None]:
        """The organisations a row belongs to (for permissions and audit)."""
        if self.tenant_field == "pk":
            return [obj.pk]
        return [getattr(obj, f"{self.tenant_field}_id", None)]

    def _administers(self, request: HttpRequest, obj: models.Model | None) -> bool:
        administered = self.organisation_ids(request)
        if not administered:
            return False
        return obj is None or any(
            org_id in administered for org_id in self.object_organisation_ids(obj)
        )

    def has_module_permission(self, request: HttpRequest) -> bool:
        if self.is_global_admin(request):
            return super().has_module_permission(request)  # type: ignore[misc, no-any-return]
        return bool(self.organisation_ids(request))

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if self.is_global_admin(request):
            return super().has_view_permission(request, obj)  # type: ignore[misc, no-any-return]
        return self._administers(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if self.is_global_admin(request):
            return super().has_change_permission(request, obj)  # type: ignore[misc, no-any-return]
        return self._administers(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if self.is_global_admin(request):
            return super().has_delete_permission(request, obj)  # type: ignore[misc, no-any-return]
        return self._administers(request, obj)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        if self.is_global_admin(request):
            return super().has_add_permission(request, *args)  # type: ignore[misc, no-any-return]
        return bool(self.organisation_ids(request))

    def _choices_for(self, request: HttpRequest, model: type[models.Model]) -> Any:
        """The rows of `model` this person may pick: scoped by the model's own admin."""
        related_admin = self.admin_site._registry.get(model)
        queryset = model._default_manager.all()
        if isinstance(related_admin, TenantScopedMixin):
            return related_admin.scope_queryset(queryset, self.organisation_ids(request))
        if issubclass(model, TenantModel):
            return queryset.filter(organisation__in=self.organisation_ids(request))
        return None

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if not self.is_global_admin(request) and "queryset" not in kwargs:
            choices = self._choices_for(request, db_field.related_model)
            if choices is not None:
                kwargs["queryset"] = choices
        return super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[misc]

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if not self.is_global_admin(request) and "queryset" not in kwargs:
            choices = self._choices_for(request, db_field.related_model)
            if choices is not None:
                kwargs["queryset"] = choices
        return super().formfield_for_manytomany(db_field, request, **kwargs)  # type: ignore[misc]


class TenantScopedAdmin(TenantScopedMixin, admin.ModelAdmin):  # type: ignore[type-arg]
    """Model admin of a tenant-owned model: scoped, validated and audited.

    `audit_actions` maps "added"/"changed"/"deleted" to a more specific audit action (a role
    granted, say); the default is the generic admin event.
    """

    form = TenantAdminForm
    audit_actions: dict[str, str] = {}  # noqa: RUF012 - read-only class default

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        readonly = list(super().get_readonly_fields(request, obj))
        # A row never moves to another organisation: its children would stay behind.
        if obj is not None and self.tenant_field == "organisation":
            readonly.append("organisation")
        return readonly

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        initial: dict[str, Any] = dict(super().get_changeform_initial_data(request))
        administered = self.organisation_ids(request)
        if self.tenant_field == "organisation" and len(administered) == 1:
            initial.setdefault("organisation", next(iter(administered)))
        return initial

    def audit_details(self, obj: models.Model) -> dict[str, Any]:
        """Extra facts for the audit event (e.g. which role was granted to whom)."""
        return {}

    def _audit(self, request: HttpRequest, change: str, obj: models.Model, message: Any) -> None:
        details = {"message": str(message)} if message else {}
        details.update(self.audit_details(obj))
        self.scoped_site.record_admin_event(
            request,
            change=change,
            obj=obj,
            organisation_ids=self.object_organisation_ids(obj),
            action=self.audit_actions.get(change),
            details=details,
        )

    def log_addition(self, request: HttpRequest, obj: Any, message: Any) -> Any:
        self._audit(request, ADDED, obj, message)
        return super().log_addition(request, obj, message)

    def log_change(self, request: HttpRequest, obj: Any, message: Any) -> Any:
        self._audit(request, CHANGED, obj, message)
        return super().log_change(request, obj, message)

    def log_deletions(self, request: HttpRequest, queryset: Any) -> Any:
        for obj in queryset:
            self._audit(request, DELETED, obj, "")
        return super().log_deletions(request, queryset)


class TenantScopedInline(TenantScopedMixin, admin.TabularInline):  # type: ignore[type-arg]
    """An inline of tenant rows under a tenant parent: they take the parent's organisation."""

    form = TenantAdminForm
    formset: type[BaseInlineFormSet] = BaseInlineFormSet  # type: ignore[type-arg]

    def object_organisation_ids(self, obj: models.Model) -> list[int | None]:
        # Inline permissions receive the parent row.
        return [getattr(obj, "organisation_id", None)]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if self.is_global_admin(request):
            return super().has_add_permission(request, obj)
        return self._administers(request, obj)
