from django.contrib import admin

from officina.pages.models import SitePage


@admin.register(SitePage)
class SitePageAdmin(admin.ModelAdmin[SitePage]):
    list_display = ("title", "slug", "updated_at")
