"""The client's network address, read one way for the sign-in limits and the audit log.

Behind a reverse proxy `ALLAUTH_TRUSTED_PROXY_COUNT` says how many `X-Forwarded-For` entries
the installation's own proxies add; without it every request would come from the proxy.
"""

from allauth.account.adapter import get_adapter
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str | None:
    """The address allauth trusts; `REMOTE_ADDR` when the forwarding header does not fit."""
    try:
        return str(get_adapter(request).get_client_ip(request))
    except (ImproperlyConfigured, PermissionDenied):
        return request.META.get("REMOTE_ADDR")
