"""Switching Scrum on for a board, and its settings: estimate scale, Definitions of Ready and
of Done. The team's working members decide them (those who manage the board)."""

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from officina.boards.models import Board
from officina.boards.permissions import require_manage_board
from officina.boards.selectors.boards import board_access_for_actor
from officina.boards.services.locking import lock_board
from officina.common.exceptions import full_clean_or_refuse
from officina.organisations.actor import Actor
from officina.scrum.exceptions import ScrumRuleError
from officina.scrum.models import EstimateScale, ScrumSettings
from officina.scrum.services.common import lock_for_planning, materialise_entries


@transaction.atomic
def scrum_settings_save(
    *,
    actor: Actor,
    board: Board,
    estimate_scale: str = EstimateScale.FIBONACCI,
    definition_of_ready: str = "",
    definition_of_done: str = "",
    at: datetime | None = None,
) -> ScrumSettings:
    """Make the board a Scrum board (its open cards become its product backlog, in number
    order), or change its Scrum settings."""
    require_manage_board(board_access_for_actor(actor=actor, board_id=board.pk))
    locked = lock_board(board.pk)
    settings = ScrumSettings.objects.filter(board_id=locked.pk).first() or ScrumSettings(
        organisation_id=locked.organisation_id, board=locked, created_at=at or timezone.now()
    )
    settings.estimate_scale = estimate_scale
    settings.definition_of_ready = definition_of_ready.strip()
    settings.definition_of_done = definition_of_done.strip()
    full_clean_or_refuse(settings, exclude=("organisation", "board"), error=ScrumRuleError)
    settings.save()
    materialise_entries(locked)
    return settings


@transaction.atomic
def scrum_guides_set(*, actor: Actor, board: Board, show: bool) -> ScrumSettings:
    """Show or hide the first-time guides of the board's Scrum pages, for the whole team.
    Anyone who edits the board's cards may do it."""
    _locked, settings = lock_for_planning(actor=actor, board_id=board.pk)
    if settings.show_guides != show:
        settings.show_guides = show
        settings.save(update_fields=["show_guides", "updated_at"])
    return settings


def scrum_on_for_new_board(*, board: Board, structure: Any, actor: Actor, **_kwargs: Any) -> None:
    """`boards.signals.board_created` receiver: a board made from a template that says
    "scrum": true uses Scrum from the start, with the default scale (its creator manages it)."""
    if isinstance(structure, dict) and structure.get("scrum") is True:
        ScrumSettings.objects.create(
            organisation_id=board.organisation_id, board=board, created_at=board.created_at
        )
