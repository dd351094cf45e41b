"""Moving a card to another board of the organisation (decision 0049): a page with one choice,
board and column together, that works without JavaScript."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from officina.boards.models import Board
from officina.boards.permissions import require_edit_cards
from officina.boards.selectors.boards import board_get_for_actor, transfer_target_list_for_actor
from officina.boards.selectors.cards import work_item_get_for_actor
from officina.boards.services.transfer import work_item_transfer
from officina.common.exceptions import DomainError
from officina.organisations.http import ActorRequest


def _parse_target(value: str) -> tuple[int, int | None] | None:
    """ "<board>" (the column of the card's stage) or "<board>:<column>"."""
    board, _sep, column = value.partition(":")
    if not board.isdigit() or (column and not column.isdigit()):
        return None
    return int(board), int(column) if column else None


def _choices(boards: list[Board]) -> list[tuple[str, list[tuple[str, str]]]]:
    """One group per board: first "the column of the card's stage", then each open column."""
    return [
        (
            f"{board.name} ({board.team.name})",
            [
                (
                    str(board.pk),
                    _("%(board)s: the column of the card's stage") % {"board": board.name},
                ),
                *(
                    (f"{board.pk}:{column.pk}", f"{board.name}: {column.name}")
                    for column in board.open_columns  # type: ignore[attr-defined]
                ),
            ],
        )
        for board in boards
    ]


@require_http_methods(["GET", "POST"])
def card_transfer(request: ActorRequest, org_slug: str, board_id: int, number: int) -> HttpResponse:
    actor = request.actor
    seen = board_get_for_actor(actor=actor, board_id=board_id)
    card = work_item_get_for_actor(actor=actor, seen=seen, number=number)
    require_edit_cards(seen.access)
    error = ""
    chosen = request.POST.get("target", "")
    if request.method == "POST":
        target = _parse_target(chosen)
        if target is None:
            error = _("Choose the board the card moves to.")
        else:
            try:
                moved = work_item_transfer(
                    actor=actor, work_item=card, to_board_id=target[0], column_id=target[1]
                )
            except DomainError as refused:
                error = refused.text
            else:
                messages.success(
                    request,
                    _("The card is now #%(number)s on «%(board)s».")
                    % {"number": moved.number, "board": moved.board.name},
                )
                return redirect(
                    reverse("boards:card-detail", args=[org_slug, moved.board_id, moved.number])
                )
    context = {
        "board": seen.board,
        "card": card,
        "targets": _choices(transfer_target_list_for_actor(actor=actor, seen=seen)),
        "chosen": chosen,
        "error": error,
    }
    return render(request, "boards/card_transfer.html", context, status=400 if error else 200)
