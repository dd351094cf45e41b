"""The admin site: open to installation staff and to each organisation's IT administrators.

IT administrators are not installation staff (`is_staff`): they enter the admin because they hold
the it_admin role somewhere, and the scoped model admins (officina.common.admin) show them only
their organisations. Sign-in goes through the normal login page (two-factor, rate limits), and
an organisation's "two-factor required for administrators" holds here as on its pages.
"""

from collections.abc import Callable, Sequence
from functools import wraps
from typing import Any, TypeVar, cast

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from officina.accounts.models import User
from officina.audit.models import AuditEvent
from officina.audit.services import audit_record
from officina.common.admin import ADDED, CHANGED, DELETED
from officina.organisations.models import Organisation, RoleAssignment
from officina.organisations.two_factor import (
    two_factor_activation_response,
    user_must_activate_two_factor,
)

_ViewType = TypeVar("_ViewType", bound=Callable[..., HttpResponseBase])
_GENERIC_ACTIONS = {
    ADDED: AuditEvent.Action.ADMIN_ADDED,
    CHANGED: AuditEvent.Action.ADMIN_CHANGED,
    DELETED: AuditEvent.Action.ADMIN_DELETED,
}


class OfficinaAdminSite(admin.AdminSite):
    """The default admin site of Officina (installed by OfficinaAdminConfig)."""

    site_header = _("Officina administration")
    site_title = _("Officina administration")
    index_title = _("Administration")

    def is_global_admin(self, request: HttpRequest) -> bool:
        user = request.user
        return bool(user.is_active and (user.is_superuser or user.is_staff))

    def administered_organisation_ids(self, request: HttpRequest) -> frozenset[int]:
        """Organisations where the user is IT administrator (read once per request)."""
        cached: frozenset[int] | None = getattr(request, "_officina_admin_org_ids", None)
        if cached is not None:
            return cached
        ids: frozenset[int] = frozenset()
        if request.user.is_authenticated and request.user.is_active:
            ids = frozenset(
                RoleAssignment.objects.filter(
                    user=request.user, role=RoleAssignment.Role.IT_ADMIN
                ).values_list("organisation_id", flat=True)
            )
        request._officina_admin_org_ids = ids  # type: ignore[attr-defined]
        return ids

    def has_permission(self, request: HttpRequest) -> bool:
        return self.is_global_admin(request) or bool(self.administered_organisation_ids(request))

    def admin_view(self, view: _ViewType, cacheable: bool = False) -> _ViewType:
        """Every admin page, list, form and POST (sign-out aside) first asks for the two-factor
        sign-in that an administered organisation requires: without it nobody could, say,
        switch the requirement off here."""
        guarded = super().admin_view(view, cacheable)
        if view == self.logout:
            return guarded

        @wraps(view)
        def two_factor_first(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            user = request.user
            if (
                isinstance(user, User)
                and self.has_permission(request)
                and user_must_activate_two_factor(user)
            ):
                return two_factor_activation_response(request)
            return guarded(request, *args, **kwargs)

        return cast(_ViewType, two_factor_first)

    def login(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> Any:
        """Sign in on the normal login page; a signed-in person without the role gets 403."""
        if request.user.is_authenticated:
            if self.has_permission(request):
                return redirect(reverse("admin:index", current_app=self.name))
            raise PermissionDenied
        target = request.GET.get("next") or reverse("admin:index", current_app=self.name)
        return redirect_to_login(target, reverse("account_login"))

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
        """One audit event per organisation concerned (none known: one without organisation)."""
        deleting_organisation = change == DELETED and isinstance(obj, Organisation)
        known = [] if deleting_organisation else [pk for pk in organisation_ids if pk is not None]
        organisations: list[Organisation | None] = list(
            Organisation.objects.in_bulk(known).values()
        )
        for organisation in organisations or [None]:
            audit_record(
                action=action or _GENERIC_ACTIONS[change],
                organisation=organisation,
                actor=request.user,  # type: ignore[arg-type]
                target=obj,
                request=request,
                details=details,
            )
