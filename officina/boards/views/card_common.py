"""What every card view does the same way: find the card, refuse read-only changes, report a
broken rule back to the page (PRG) instead of a server error."""

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib import messages
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django_htmx.http import HttpResponseClientRedirect

from officina.boards.models import Board, WorkItem
from officina.boards.permissions import BoardAccess, require_edit_cards
from officina.boards.selectors import board_get_for_actor, work_item_get_for_actor
from officina.common.exceptions import DomainError
from officina.organisations.http import ActorRequest

View = TypeVar("View", bound=Callable[..., HttpResponse])


def get_board(request: ActorRequest, board_id: int) -> Board:
    return board_get_for_actor(actor=request.actor, board_id=board_id)


def get_card(request: ActorRequest, board_id: int, number: int) -> WorkItem:
    board = get_board(request, board_id)
    return work_item_get_for_actor(actor=request.actor, board=board, number=number)


def access_of(board: Board) -> BoardAccess:
    access: BoardAccess = board.access  # type: ignore[attr-defined]
    return access


def require_card_editor(board: Board) -> None:
    """Read-only viewers get the 403 page (with the reason) before any input is looked at."""
    require_edit_cards(access_of(board))


def card_url(request: ActorRequest, card: WorkItem, fragment: str = "") -> str:
    url = reverse(
        "boards:card-detail",
        kwargs={
            "org_slug": request.actor.organisation.slug,
            "board_id": card.board_id,
            "number": card.number,
        },
    )
    return f"{url}#{fragment}" if fragment else url


def back_to_card(request: ActorRequest, card: WorkItem, fragment: str = "") -> HttpResponseRedirect:
    return HttpResponseRedirect(card_url(request, card, fragment))


def rule_errors_to_messages(view: View) -> View:
    """A refused change (a board rule) becomes an error message on the card page. A refused
    permission (PermissionDeniedError) goes on to Django, which shows the 403 page."""

    @wraps(view)
    def wrapper(request: ActorRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except DomainError as error:
            for message in error.messages:
                messages.error(request, message)
            url = reverse(
                "boards:card-detail",
                kwargs={
                    "org_slug": kwargs["org_slug"],
                    "board_id": kwargs["board_id"],
                    "number": kwargs["number"],
                },
            )
            # An HTMX request would swap the whole page into one section: reload it instead.
            if request.htmx:
                return HttpResponseClientRedirect(url)
            return HttpResponseRedirect(url)

    return wrapper  # type: ignore[return-value]
