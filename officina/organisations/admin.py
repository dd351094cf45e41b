"""Admin of organisations, enti, units, people's jobs, teams and roles (scoped per organisation)."""

from typing import Any

from django import forms
from django.contrib import admin
from django.db import transaction
from django.forms import BaseInlineFormSet, ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from officina.accounts.admin import UserAdmin
from officina.accounts.models import User
from officina.audit.models import AuditEvent
from officina.common.admin import TenantAdminForm, TenantScopedAdmin, TenantScopedInline
from officina.organisations.deletion import deletion_refusals
from officina.organisations.models import (
    Employment,
    Ente,
    Organisation,
    OrgUnit,
    RoleAssignment,
    Team,
    TeamMembership,
)
from officina.organisations.services.teams import org_unit_path


class RefusesDeletionWhileKept:
    """Deleting a row refuses, with the reasons, while an app must keep what is under it
    (`deletion.py`): Django's own confirmation page lists them as protected, for one row and
    for the bulk action alike."""

    def get_deleted_objects(self, objs: Any, request: HttpRequest) -> Any:
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)  # type: ignore[misc]
        for obj in objs:
            protected = [*protected, *deletion_refusals(obj)]
        return deleted, counts, perms_needed, protected


@admin.register(Organisation)
class OrganisationAdmin(RefusesDeletionWhileKept, TenantScopedAdmin):
    tenant_field = "pk"
    list_display = ("name", "slug", "require_two_factor_for_admins")
    search_fields = ("name", "slug")

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        # New tenants are created by the installation's operators only.
        return self.is_global_admin(request) and super().has_add_permission(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.is_global_admin(request) and super().has_delete_permission(request, obj)


@admin.register(Ente)
class EnteAdmin(TenantScopedAdmin):
    list_display = ("name", "kind", "codice_fiscale", "codice_ipa", "organisation")
    list_filter = ("kind",)
    search_fields = ("name", "codice_fiscale", "codice_ipa")
    list_select_related = ("organisation",)


class OrgUnitForm(TenantAdminForm):
    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        parent, ente = cleaned.get("parent"), cleaned.get("ente")
        if parent is not None and ente is not None and parent.ente_id != ente.pk:
            self.add_error("parent", _("The parent unit belongs to another public body."))
        unit = self.instance
        if (
            unit.pk is not None
            and parent is not None
            and (parent.pk == unit.pk or parent.path.startswith(unit.path))
        ):
            self.add_error("parent", _("A unit cannot be placed under itself."))
        return cleaned


@admin.register(OrgUnit)
class OrgUnitAdmin(TenantScopedAdmin):
    form = OrgUnitForm
    list_display = ("name", "kind", "ente", "parent", "path")
    list_filter = ("kind",)
    search_fields = ("name",)
    list_select_related = ("ente", "parent")
    readonly_fields = ("path",)

    @transaction.atomic
    def save_model(self, request: HttpRequest, obj: OrgUnit, form: ModelForm, change: bool) -> None:  # type: ignore[type-arg]
        """Keep the materialised path of the unit, and of every unit below it, in step."""
        old_path = obj.path
        super().save_model(request, obj, form, change)
        new_path = org_unit_path(unit=obj)
        if new_path == old_path:
            return
        obj.path = new_path
        obj.save(update_fields=["path"])
        if old_path:
            below = OrgUnit.objects.filter(
                organisation_id=obj.organisation_id, path__startswith=old_path
            ).exclude(pk=obj.pk)
            for unit in below:
                unit.path = new_path + unit.path.removeprefix(old_path)
            OrgUnit.objects.bulk_update(below, ["path"])


@admin.register(Employment)
class EmploymentAdmin(TenantScopedAdmin):
    list_display = ("user", "ente", "org_unit", "job_title", "is_active")
    list_filter = ("is_active",)
    search_fields = ("user__first_name", "user__last_name", "user__email", "job_title")
    list_select_related = ("user", "ente", "org_unit")
    autocomplete_fields = ("user",)


class TeamMembershipInline(TenantScopedInline):
    model = TeamMembership
    fields = ("user", "role")
    autocomplete_fields = ("user",)
    extra = 0


@admin.register(Team)
class TeamAdmin(RefusesDeletionWhileKept, TenantScopedAdmin):
    list_display = ("name", "visibility", "org_unit")
    list_filter = ("visibility",)
    search_fields = ("name",)
    list_select_related = ("org_unit",)
    filter_horizontal = ("shared_with_enti",)
    inlines = (TeamMembershipInline,)

    def save_formset(
        self,
        request: HttpRequest,
        form: ModelForm,  # type: ignore[type-arg]
        formset: BaseInlineFormSet,  # type: ignore[type-arg]
        change: bool,
    ) -> None:
        """Memberships take the team's organisation; each change is audited as such."""
        if formset.model is not TeamMembership:
            super().save_formset(request, form, formset, change)
            return
        team: Team = form.instance
        memberships = formset.save(commit=False)
        for membership in formset.deleted_objects:
            self._audit_membership(request, AuditEvent.Action.MEMBERSHIP_REMOVED, membership)
            membership.delete()
        changed = {membership for membership, _fields in formset.changed_objects}
        for membership in memberships:
            membership.organisation_id = team.organisation_id
            membership.save()
            action = (
                AuditEvent.Action.MEMBERSHIP_CHANGED
                if membership in changed
                else AuditEvent.Action.MEMBERSHIP_ADDED
            )
            self._audit_membership(request, action, membership)
        formset.save_m2m()

    def _audit_membership(
        self, request: HttpRequest, action: str, membership: TeamMembership
    ) -> None:
        self.scoped_site.record_admin_event(
            request,
            change="changed",
            obj=membership,
            organisation_ids=[membership.organisation_id],
            action=action,
            details={
                "team": membership.team_id,
                "user": membership.user_id,
                "role": membership.role,
                "via": "admin",
            },
        )


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(TenantScopedAdmin):
    list_display = ("user", "role", "ente", "org_unit")
    list_filter = ("role",)
    search_fields = ("user__first_name", "user__last_name", "user__email")
    list_select_related = ("user", "ente", "org_unit__ente")
    autocomplete_fields = ("user",)
    audit_actions = {  # noqa: RUF012 - read-only class default
        "added": AuditEvent.Action.ROLE_GRANTED,
        "deleted": AuditEvent.Action.ROLE_REVOKED,
    }

    def audit_details(self, obj: Any) -> dict[str, Any]:
        return {"user": obj.user_id, "role": obj.role, "via": "admin"}


@admin.register(User)
class PersonAdmin(UserAdmin):
    """People. An IT administrator creates a person together with their job in one ente."""

    employment_fields = ("ente", "org_unit", "job_title")

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:
            return (*fieldsets, (_("Job"), {"fields": self.employment_fields}))
        return fieldsets

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        if obj is not None:
            return super().get_form(request, obj, change=change, **kwargs)
        # The job fields are not the user's: take them out of the model form, add them back.
        fields = [f for f in kwargs.pop("fields", None) or [] if f not in self.employment_fields]
        base = super().get_form(request, obj, change=change, fields=fields or None, **kwargs)
        enti = self._choices_for(request, Ente)
        units = self._choices_for(request, OrgUnit)
        if enti is None:
            enti, units = Ente.objects.all(), OrgUnit.objects.all()
        job_required = not self.is_global_admin(request)

        class PersonCreationForm(base):  # type: ignore[misc, valid-type]
            ente = forms.ModelChoiceField(
                queryset=enti, required=job_required, label=_("public body")
            )
            org_unit = forms.ModelChoiceField(queryset=units, required=False, label=_("unit"))
            job_title = forms.CharField(max_length=200, required=False, label=_("job title"))

            def clean(self) -> dict[str, Any]:
                cleaned: dict[str, Any] = super().clean()
                ente, unit = cleaned.get("ente"), cleaned.get("org_unit")
                if unit is not None and (ente is None or unit.ente_id != ente.pk):
                    self.add_error("org_unit", _("The unit belongs to another public body."))
                return cleaned

        return PersonCreationForm

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        ente = None if change else form.cleaned_data.get("ente")
        if ente is not None:
            Employment.objects.create(
                organisation_id=ente.organisation_id,
                user=obj,
                ente=ente,
                org_unit=form.cleaned_data.get("org_unit"),
                job_title=form.cleaned_data.get("job_title", ""),
            )
