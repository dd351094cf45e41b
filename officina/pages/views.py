"""Public pages: readable without signing in, as AgID requires."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language

from officina.common.markdown import render_markdown
from officina.pages.models import SitePage


def site_page(request: HttpRequest, slug: str) -> HttpResponse:
    """The administrator's text when written, the shipped default otherwise.

    The default texts are one template per language (`default_<slug>.<lang>.html`): legal prose
    reads better written whole in each language than cut into translated fragments.
    """
    page = SitePage.objects.filter(slug=slug).first()
    language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    context = {
        "page": page,
        "body": render_markdown(page.body) if page else None,
        "default_templates": [
            f"pages/default_{slug}.{language}.html",
            f"pages/default_{slug}.{settings.LANGUAGE_CODE}.html",
        ],
        "audit_retention_days": settings.OFFICINA_AUDIT_RETENTION_DAYS,
    }
    return render(request, "pages/site_page.html", context)
