"""Admin of people's accounts.

The class is registered by officina.organisations.admin, which adds the person's job when an IT
administrator creates an account (accounts knows nothing of enti: see the dependency direction in
docs/ARCHITECTURE.md). Here: who may see whom, who may change what lets a person sign in, and who
may grant installation privileges.
"""

from collections.abc import Iterable
from typing import Any

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from officina.accounts.models import User
from officina.common.admin import TenantScopedAdmin
from officina.common.exceptions import PermissionDeniedError

# What signs a person in: only those who answer for every place the person has may change it.
CREDENTIAL_FIELDS = ("email", "password", "is_active")
CREDENTIALS_LOCKED = _(
    "This person also belongs to an organisation you do not administer: only the "
    "installation's administrators may change their e-mail address, password and status."
)


class UserAdmin(TenantScopedAdmin, DjangoUserAdmin[User]):  # type: ignore[type-var]
    """People: IT administrators see those employed in, or invited to, their organisations.

    Only superusers see or grant installation privileges (staff, superuser, permissions); the
    installation's own operators are never shown to an organisation's administrator. The e-mail
    address, password and status of a person who also belongs to an organisation the
    administrator does not administer are read-only for them (`may_manage_account`): otherwise
    one organisation could take over an account another one relies on.
    """

    form = UserChangeForm  # type: ignore[assignment]  # the password field, Django's way
    ordering = ("last_name", "first_name", "email")
    list_display = ("email", "first_name", "last_name", "is_active", "last_login")
    list_filter = ("is_active",)
    search_fields = ("email", "first_name", "last_name")
    readonly_fields = ("last_login", "date_joined")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name")}),
        (_("Status"), {"fields": ("is_active", "last_login", "date_joined")}),
    )
    privilege_fieldsets = (
        (
            _("Installation privileges"),
            {"fields": ("is_staff", "is_superuser", "groups", "user_permissions")},
        ),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "first_name", "last_name", "usable_password"),
            },
        ),
        (None, {"fields": ("password1", "password2")}),
    )

    def scope_queryset(self, queryset: QuerySet[Any], organisation_ids: Iterable[int]) -> Any:
        ids = list(organisation_ids)
        in_scope = User.objects.filter(
            Q(employments__organisation__in=ids) | Q(team_memberships__organisation__in=ids)
        ).values("pk")
        return queryset.filter(pk__in=in_scope, is_staff=False, is_superuser=False)

    def object_organisation_ids(self, obj: Any) -> list[int | None]:
        employed = obj.employments.values_list("organisation_id", flat=True)
        invited = obj.team_memberships.values_list("organisation_id", flat=True)
        return sorted(set(employed) | set(invited)) or [None]

    def may_manage_account(self, request: HttpRequest, person: User) -> bool:
        """Whether the signed-in person may change `person`'s e-mail, password and status, or
        delete the account: superusers always; an organisation's administrator only when every
        organisation the person belongs to (job, team or role) is one they administer.

        Asked several times per admin page (fieldsets, form, password, delete): the answer is
        kept on the request."""
        if request.user.is_superuser:
            return True
        if person.is_staff or person.is_superuser:
            return False
        answers: dict[int, bool] = request.__dict__.setdefault("_officina_manages_account", {})
        if person.pk not in answers:
            # A role counts as belonging: a role alone (no job there) opens that organisation's
            # admin, so its holder's password is that organisation's to guard.
            roles = person.role_assignments.values_list("organisation_id", flat=True)
            belongs_to = set(self.object_organisation_ids(person)) | set(roles)
            answers[person.pk] = None not in belongs_to and belongs_to <= self.organisation_ids(
                request
            )
        return answers[person.pk]

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and request.user.is_superuser:
            return (*fieldsets, *self.privilege_fieldsets)
        if obj is not None and not self.may_manage_account(request, obj):
            return self._locked_fieldsets(fieldsets)
        return fieldsets

    def _locked_fieldsets(self, fieldsets: Any) -> Any:
        """The password becomes a summary (no link to set it); the reason heads the form."""
        locked = []
        for index, (name, options) in enumerate(fieldsets):
            fields = tuple(
                "password_status" if field == "password" else field for field in options["fields"]
            )
            extra = {"description": CREDENTIALS_LOCKED} if index == 0 else {}
            locked.append((name, {**options, "fields": fields, **extra}))
        return tuple(locked)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        # The organisation rule of the base class does not apply: a person has no single one.
        readonly = list(self.readonly_fields)
        if obj is not None and not self.may_manage_account(request, obj):
            readonly += ["email", "is_active", "password_status"]
        return readonly

    @admin.display(description=_("Password"))
    def password_status(self, obj: User) -> str:
        return str(_("Set") if obj.has_usable_password() else _("Not set"))

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is None or self.may_manage_account(request, obj):
            return form

        class LockedCredentialsForm(form):  # type: ignore[misc, valid-type]
            """Refuses, with the reason, a request that tries to send a read-only credential
            anyway (the page never does)."""

            def clean(self) -> dict[str, Any]:
                cleaned: dict[str, Any] = super().clean()
                if any(name in self.data for name in CREDENTIAL_FIELDS):
                    raise ValidationError(CREDENTIALS_LOCKED)
                return cleaned

        return LockedCredentialsForm

    def user_change_password(
        self, request: HttpRequest, id: str, form_url: str = ""
    ) -> HttpResponse:
        person = self.get_object(request, unquote(id))
        if person is not None and not self.may_manage_account(request, person):
            raise PermissionDeniedError(CREDENTIALS_LOCKED)
        return super().user_change_password(request, id, form_url)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and not self.may_manage_account(request, obj):
            return False
        return super().has_delete_permission(request, obj)

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        return dict(DjangoUserAdmin.get_changeform_initial_data(self, request))
