"""Compressed answers: Django's gzip for pages and API answers, never for a page showing a secret.

WhiteNoise serves static files itself, already compressed (gzip and brotli, made by
collectstatic), and answers before this middleware. Django's GZipMiddleware pads every answer
with random bytes (Heal The Breach, since Django 4.2), and the CSRF token is masked anew in every
answer; together with SameSite session cookies that leaves BREACH nothing to read on ordinary
pages. A page that shows a secret of its own (a new API token, the TOTP key, recovery codes, a
password-reset key) is still sent as is: a few kilobytes are not worth a doubt (decision 0031).
"""

from django.http import HttpRequest, HttpResponseBase
from django.middleware.gzip import GZipMiddleware

# URL names (namespace:name) of the pages that show a secret; they are never compressed.
SECRET_PAGES = frozenset(
    {
        "tokens:token-list",
        "mfa_activate_totp",
        "mfa_view_recovery_codes",
        "mfa_generate_recovery_codes",
        "mfa_download_recovery_codes",
        "account_reset_password_from_key",
    }
)
# What is worth compressing: text (HTML, CSV, iCalendar, plain) and the API's JSON. Files that
# are already compressed (images, PDF, XLSX, ODS) are sent as they are.
COMPRESSIBLE_TYPES = ("text/", "application/json", "application/vnd.oai.openapi")


class CompressionMiddleware(GZipMiddleware):
    """GZipMiddleware limited to text answers of pages without secrets."""

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        content_type = response.get("Content-Type", "")
        if not content_type.startswith(COMPRESSIBLE_TYPES) or _shows_secret(request):
            return response
        compressed: HttpResponseBase = super().process_response(request, response)
        return compressed


def _shows_secret(request: HttpRequest) -> bool:
    match = request.resolver_match
    return match is not None and match.view_name in SECRET_PAGES
