from django.urls import path

from officina.pages import views
from officina.pages.models import SitePage

app_name = "pages"

urlpatterns = [
    path(
        "accessibilita/",
        views.site_page,
        {"slug": SitePage.Slug.ACCESSIBILITY},
        name="accessibility",
    ),
    path("privacy/", views.site_page, {"slug": SitePage.Slug.PRIVACY}, name="privacy"),
]
