from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class BoardsConfig(AppConfig):
    name = "officina.boards"
    verbose_name = _("Boards")

    def ready(self) -> None:
        # Like content types: after every migrate (and after a test flush, which Django follows
        # with post_migrate) the built-in templates match the code.
        post_migrate.connect(_sync_builtin_templates, sender=self)


def _sync_builtin_templates(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    from officina.boards.builtin_templates import sync_builtin_templates

    sync_builtin_templates(using=using)
