"""Two-factor sign-in required of administrators: the rule, in one place, and its answer.

An organisation may require the people who hold an administrative role in it (IT administrator,
HR, DPO) to sign in with an authenticator app (`Organisation.require_two_factor_for_admins`).
The tenant pages (`middleware.RequireTwoFactorMiddleware`), the API and the admin site
(`admin_site.OfficinaAdminSite`) all ask this module, so no entrance forgets the rule.
"""

from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_htmx.http import HttpResponseClientRedirect

from officina.accounts.models import User
from officina.organisations.actor import Actor
from officina.organisations.models import RoleAssignment

TWO_FACTOR_REQUIRED = _(
    "Your organisation requires administrators to sign in with two-factor authentication. "
    "Activate an authenticator app to continue."
)
# The roles `Actor.is_admin_role` names, as stored.
ADMIN_ROLES = (RoleAssignment.Role.IT_ADMIN, RoleAssignment.Role.HR, RoleAssignment.Role.DPO)


def has_totp(user: User) -> bool:
    """The person has activated an authenticator app (TOTP)."""
    found: bool = Authenticator.objects.filter(
        user_id=user.pk, type=Authenticator.Type.TOTP
    ).exists()
    return found


def actor_must_activate_two_factor(actor: Actor) -> bool:
    """The actor holds an admin role in an organisation that requires two-factor, without TOTP."""
    return (
        actor.organisation.require_two_factor_for_admins
        and actor.is_admin_role
        and not has_totp(actor.user)
    )


def user_must_activate_two_factor(user: User) -> bool:
    """The person holds an admin role in any organisation that requires two-factor, without TOTP.

    The admin site serves every organisation a person administers at once, so one such
    organisation is enough. Installation superusers and staff are included when they hold the
    role; without one, no organisation's rule applies to them here.
    """
    bound = RoleAssignment.objects.filter(
        user_id=user.pk, role__in=ADMIN_ROLES, organisation__require_two_factor_for_admins=True
    ).exists()
    return bound and not has_totp(user)


def two_factor_activation_response(request: HttpRequest) -> HttpResponse:
    """Send the person to activate TOTP, saying why (the API answers 403 with the reason).

    The activation page lives under /accounts/, which no caller of this guards, so the
    redirect cannot loop.
    """
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": str(TWO_FACTOR_REQUIRED)}, status=403)
    activate_url = reverse("mfa_activate_totp")
    if getattr(request, "htmx", False):
        return HttpResponseClientRedirect(activate_url)
    messages.warning(request, TWO_FACTOR_REQUIRED)
    return HttpResponseRedirect(activate_url)
