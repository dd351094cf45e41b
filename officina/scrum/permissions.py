"""Who does what in a live estimation ("planning poker", decision 0045) and in a retrospective
(decision 0047, at the bottom).

Anyone who sees the board watches. The facilitator is anyone who edits the board's cards: they
open the session, pick the story, reveal, ask for a re-vote and accept the estimate. Only the
working members of the board's team vote: a guest, even one who edits cards, and a read-only
colleague watch.
"""

from django.utils.translation import gettext as _

from officina.boards.permissions import BoardAccess
from officina.common.exceptions import NotFound, PermissionDeniedError


def can_facilitate_poker(access: BoardAccess) -> bool:
    return access.can_view and access.can_edit_cards


def can_vote_poker(access: BoardAccess) -> bool:
    return access.can_view and access.works_here and access.can_edit_cards


def require_facilitate_poker(access: BoardAccess) -> None:
    if not access.can_view:
        raise NotFound
    if not can_facilitate_poker(access):
        raise PermissionDeniedError(_("You watch this estimation: only the board's team runs it."))


def require_vote_poker(access: BoardAccess) -> None:
    if not access.can_view:
        raise NotFound
    if not can_vote_poker(access):
        raise PermissionDeniedError(
            _("You watch this estimation: only the members of the board's team vote.")
        )


# Retrospectives (decision 0047). Anyone who sees the board reads them. Whoever edits the
# board's cards (the team, and guests the board lets edit) writes notes, votes and groups. The
# facilitator's acts (open a retrospective, turn a note into an action, close it) are the
# team's working members': an action is a card of the board with an owner from the team.


def can_take_part_in_retro(access: BoardAccess) -> bool:
    return access.can_view and access.can_edit_cards


def can_facilitate_retro(access: BoardAccess) -> bool:
    return access.can_view and access.can_edit_cards and access.works_here


def require_take_part_in_retro(access: BoardAccess) -> None:
    if not access.can_view:
        raise NotFound
    if not can_take_part_in_retro(access):
        raise PermissionDeniedError(
            _("You read this retrospective: only those who work on the board's cards write in it.")
        )


def require_facilitate_retro(access: BoardAccess) -> None:
    if not access.can_view:
        raise NotFound
    if not can_facilitate_retro(access):
        raise PermissionDeniedError(
            _("Only the members of the board's team run a retrospective and decide its actions.")
        )
