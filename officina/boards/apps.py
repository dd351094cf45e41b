from typing import Any

from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.utils.translation import gettext_lazy as _


class BoardsConfig(AppConfig):
    name = "officina.boards"
    verbose_name = _("Boards")

    def ready(self) -> None:
        # Like content types: after every migrate (and after a test flush, which Django follows
        # with post_migrate) the built-in templates match the code.
        post_migrate.connect(_sync_builtin_templates, sender=self)
        # Who sees a board: its team, visibility and guests (cached, see access_cache.py).
        from officina.boards.models import Board

        post_save.connect(_board_saved, sender=Board, dispatch_uid="access-save-board")
        post_delete.connect(_access_changed, sender=Board, dispatch_uid="access-del-board")
        m2m_changed.connect(
            _access_changed, sender=Board.guests.through, dispatch_uid="access-m2m-board-guests"
        )
        from officina.accounts.models import User
        from officina.boards.receivers import user_saved

        post_save.connect(user_saved, sender=User, dispatch_uid="boards-user-renamed")


def _sync_builtin_templates(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    from officina.boards.builtin_templates import sync_builtin_templates

    sync_builtin_templates(using=using)


# A board's row decides access through these fields; its version and counters change on every
# card move and must not drop the cached access of everyone.
ACCESS_FIELDS = frozenset({"organisation", "team", "visibility"})


def _board_saved(sender: type, *, created: bool, update_fields: Any = None, **kwargs: Any) -> None:
    if created or (update_fields is not None and not ACCESS_FIELDS & set(update_fields)):
        return  # a new board has no cached access yet
    _access_changed()


def _access_changed(*args: Any, action: str = "post_", **kwargs: Any) -> None:
    if action.startswith("pre_"):  # m2m_changed: act once, after the change
        return
    from officina.organisations.access_cache import access_changed

    access_changed()
