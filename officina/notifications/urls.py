"""Notification pages, under /o/<org_slug>/notifications/."""

from django.urls import URLPattern, URLResolver, path

from officina.notifications import views

app_name = "notifications"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.notification_list, name="list"),
    path("read/", views.notification_mark_all_read, name="mark-read"),
    path("preferences/", views.notification_preferences, name="preferences"),
    path("<int:notification_id>/", views.notification_open, name="open"),
]
