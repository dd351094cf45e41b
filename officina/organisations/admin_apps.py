"""Installs Officina's admin site as the default one (`django.contrib.admin.site`)."""

from django.contrib.admin.apps import AdminConfig


class OfficinaAdminConfig(AdminConfig):
    """Replaces "django.contrib.admin" in INSTALLED_APPS."""

    default_site = "officina.organisations.admin_site.OfficinaAdminSite"
