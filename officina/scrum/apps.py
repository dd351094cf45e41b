from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScrumConfig(AppConfig):
    name = "officina.scrum"
    verbose_name = _("Scrum")
