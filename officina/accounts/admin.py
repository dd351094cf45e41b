"""Admin of people's accounts.

The class is registered by officina.organisations.admin, which adds the person's job when an IT
administrator creates an account (accounts knows nothing of enti: see the dependency direction in
docs/ARCHITECTURE.md). Here: who may see whom, and who may grant installation privileges.
"""

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from officina.accounts.models import User
from officina.common.admin import TenantScopedAdmin


class UserAdmin(TenantScopedAdmin, DjangoUserAdmin[User]):  # type: ignore[type-var]
    """People: IT administrators see those employed in, or invited to, their organisations.

    Only superusers see or grant installation privileges (staff, superuser, permissions); the
    installation's own operators are never shown to an organisation's administrator.
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

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and request.user.is_superuser:
            return (*fieldsets, *self.privilege_fieldsets)
        return fieldsets

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        # The organisation rule of the base class does not apply: a person has no single one.
        return list(self.readonly_fields)

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        return dict(DjangoUserAdmin.get_changeform_initial_data(self, request))
