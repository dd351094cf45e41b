"""Root URLconf. Tenant pages live under /o/<organisation-slug>/."""

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from officina.notifications import views as notification_views
from officina.organisations import views as organisation_views

urlpatterns = [
    path("", organisation_views.root, name="home"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/tokens/", include("officina.accounts.urls_tokens")),
    path("accounts/", include("allauth.urls")),
    path("invitations/", include("officina.organisations.urls_invitations")),
    path("admin/", admin.site.urls),
    path(
        "notifications/unsubscribe/<str:token>/",
        notification_views.notification_unsubscribe_view,
        name="notification-unsubscribe",
    ),
    path("o/<slug:org_slug>/", include("officina.organisations.urls")),
    path("o/<slug:org_slug>/audit/", include("officina.audit.urls")),
    path("o/<slug:org_slug>/boards/", include("officina.boards.urls")),
    path("o/<slug:org_slug>/boards/<int:board_id>/scrum/", include("officina.scrum.urls")),
    path("o/<slug:org_slug>/notifications/", include("officina.notifications.urls")),
    path("", include("officina.pages.urls")),
    path("api/v1/o/<slug:org_slug>/", include("officina.organisations.api.urls")),
    path("api/v1/o/<slug:org_slug>/", include("officina.boards.api.urls")),
    path("api/v1/o/<slug:org_slug>/", include("officina.scrum.api.urls")),
    path("api/v1/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path(
        "api/v1/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"
    ),
]

handler403 = "officina.common.views.permission_denied"
handler404 = "officina.common.views.page_not_found"
handler500 = "officina.common.views.server_error"
# Uploaded files have no address of their own, in any mode: they are served only by the views
# that check who asks (e.g. boards:attachment-download).
