"""Public pages: readable without signing in, as AgID requires."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from officina.pages.markdown import render_markdown
from officina.pages.models import SitePage


def site_page(request: HttpRequest, slug: str) -> HttpResponse:
    """The administrator's text when written, the shipped default otherwise."""
    page = SitePage.objects.filter(slug=slug).first()
    context = {
        "page": page,
        "body": render_markdown(page.body) if page else None,
        "default_template": f"pages/default_{slug}.html",
    }
    return render(request, "pages/site_page.html", context)
