from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RealtimeConfig(AppConfig):
    name = "officina.realtime"
    verbose_name = _("Real time")

    def ready(self) -> None:
        from officina.organisations.access_cache import access_generation_changed
        from officina.realtime.access import announce_access_changed

        access_generation_changed.connect(announce_access_changed, dispatch_uid="realtime-access")
