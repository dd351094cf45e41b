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
        from officina.boards.receivers import board_saved, user_saved
        from officina.organisations.access_cache import access_model_changed

        post_save.connect(board_saved, sender=Board, dispatch_uid="access-save-board")
        post_delete.connect(access_model_changed, sender=Board, dispatch_uid="access-del-board")
        m2m_changed.connect(
            access_model_changed,
            sender=Board.guests.through,
            dispatch_uid="access-m2m-board-guests",
        )
        m2m_changed.connect(
            access_model_changed,
            sender=Board.managers.through,
            dispatch_uid="access-m2m-board-managers",
        )
        from officina.accounts.models import User

        post_save.connect(user_saved, sender=User, dispatch_uid="boards-user-renamed")
        from officina.boards.receivers import membership_changed, membership_ended
        from officina.organisations.models import TeamMembership

        post_delete.connect(
            membership_ended, sender=TeamMembership, dispatch_uid="boards-membership-ended"
        )
        post_save.connect(
            membership_changed, sender=TeamMembership, dispatch_uid="boards-membership-changed"
        )
        from officina.boards.receivers import boards_kept_under
        from officina.organisations.deletion import register_deletion_check
        from officina.organisations.models import Organisation, Team

        register_deletion_check(Team, boards_kept_under)
        register_deletion_check(Organisation, boards_kept_under)
        # Followers of a card hear of its changes (services/watching.py).
        from officina.boards.services.watching import followers_notified
        from officina.boards.signals import card_events_recorded

        card_events_recorded.connect(followers_notified, dispatch_uid="boards-followers")
        # Assignees hear of it; e-mails about cards go only to who may still see them.
        from officina.boards.services.reminders import hidden_card_notifications
        from officina.boards.services.watching import assignees_notified
        from officina.notifications.visibility import register_visibility_check

        card_events_recorded.connect(assignees_notified, dispatch_uid="boards-assignees")
        register_visibility_check("card", hidden_card_notifications)
        # A person who leaves hands their open cards to a colleague (services/reassign.py).
        from officina.boards.services.reassign import BoardsDeparture
        from officina.organisations.departures import register_departure

        register_departure(BoardsDeparture())


def _sync_builtin_templates(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    from officina.boards.builtin_templates import sync_builtin_templates

    sync_builtin_templates(using=using)
