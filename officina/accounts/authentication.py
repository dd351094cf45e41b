"""REST API authentication by personal access token: `Authorization: Bearer <token>`."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.request import Request

from officina.accounts.models import PersonalAccessToken, User
from officina.accounts.tokens import TokenError, token_authenticate

KEYWORDS = {"bearer", "token"}
WWW_AUTHENTICATE = 'Bearer realm="api"'


class InvalidTokenError(exceptions.AuthenticationFailed):
    """A token was presented and refused: always 401, whatever the other authenticators.

    DRF answers 403 when the first authenticator (the session) names no challenge; the
    project's exception handler reads `www_authenticate` and restores the 401.
    """

    www_authenticate = f'{WWW_AUTHENTICATE}, error="invalid_token"'


class PersonalAccessTokenAuthentication(BaseAuthentication):
    """Accepts `Bearer <token>` and `Token <token>`; other schemes are left to others."""

    def authenticate(self, request: Request) -> tuple[User, PersonalAccessToken] | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].decode(errors="replace").lower() not in KEYWORDS:
            return None
        if len(parts) != 2:
            raise InvalidTokenError(
                _("Send the token as 'Authorization: Bearer <token>', with no spaces in it.")
            )
        try:
            return token_authenticate(parts[1].decode())
        except (TokenError, UnicodeDecodeError) as error:
            message = str(error) if isinstance(error, TokenError) else None
            raise InvalidTokenError(message or _("The access token is not valid.")) from error

    def authenticate_header(self, request: Request) -> str:
        return WWW_AUTHENTICATE


class PersonalAccessTokenScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    """How the OpenAPI schema describes the token authentication."""

    target_class = PersonalAccessTokenAuthentication
    name = "personalAccessToken"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        scheme: dict[str, Any] = build_bearer_security_scheme_object(
            header_name="Authorization",
            token_prefix="Bearer",  # noqa: S106 (the scheme name, not a secret)
        )
        return scheme
