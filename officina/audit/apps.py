from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "officina.audit"
    verbose_name = _("Audit log")

    def ready(self) -> None:
        # Sign-in events come from Django's auth signals: a side concern, not domain flow.
        from officina.audit import receivers  # noqa: F401
