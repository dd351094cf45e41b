"""What every card view does the same way: find the card through its board, refuse read-only
changes, report a broken rule back to the page (PRG) instead of a server error."""

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any, TypeVar

from django.contrib import messages
from django.http import HttpResponseBase, HttpResponseRedirect
from django.urls import reverse
from django_htmx.http import HttpResponseClientRedirect

from officina.boards.models import WorkItem
from officina.boards.permissions import BoardAccess, require_comment, require_edit_cards
from officina.boards.selectors.boards import BoardWithAccess, board_get_for_actor
from officina.boards.selectors.cards import work_item_current_address, work_item_get_for_actor
from officina.common.exceptions import DomainError, NotFound
from officina.organisations.http import ActorRequest

View = TypeVar("View", bound=Callable[..., HttpResponseBase])


@dataclass(frozen=True)
class CardInView:
    """A card the actor may see, with its board and what the actor may do there."""

    card: WorkItem
    seen: BoardWithAccess

    @property
    def access(self) -> BoardAccess:
        return self.seen.access

    def require_editor(self) -> None:
        """Read-only viewers get the 403 page (with the reason) before any input is read."""
        require_edit_cards(self.access)

    def require_commenter(self) -> None:
        """Those who may not comment get the 403 page before any input is read."""
        require_comment(self.access)


class CardMovedError(Exception):
    """The card left this board: its page is now at `url`."""

    def __init__(self, url: str) -> None:
        super().__init__(url)
        self.url = url


def get_board(request: ActorRequest, board_id: int) -> BoardWithAccess:
    return board_get_for_actor(actor=request.actor, board_id=board_id)


def get_card(request: ActorRequest, board_id: int, number: int) -> CardInView:
    """The card, or NotFound; `CardMovedError` when it has moved to a board the actor sees."""
    actor = request.actor
    try:
        seen = board_get_for_actor(actor=actor, board_id=board_id)
        return CardInView(work_item_get_for_actor(actor=actor, seen=seen, number=number), seen)
    except NotFound:
        new_board, new_number = work_item_current_address(
            actor=actor, board_id=board_id, number=number
        )
        raise CardMovedError(
            card_address(request.actor.organisation.slug, new_board, new_number)
        ) from None


def card_address(org_slug: str, board_id: int, number: int, fragment: str = "") -> str:
    url = reverse(
        "boards:card-detail",
        kwargs={"org_slug": org_slug, "board_id": board_id, "number": number},
    )
    return f"{url}#{fragment}" if fragment else url


def card_url(request: ActorRequest, card: WorkItem, fragment: str = "") -> str:
    return card_address(request.actor.organisation.slug, card.board_id, card.number, fragment)


def back_to_card(request: ActorRequest, card: WorkItem, fragment: str = "") -> HttpResponseRedirect:
    return HttpResponseRedirect(card_url(request, card, fragment))


def card_view(view: View) -> View:
    """A card view: a card that moved to another board redirects there (its old address keeps
    working), and a refused change (a domain rule) becomes an error message on the card page.
    A refused permission (PermissionDeniedError) goes on to Django, which shows the 403 page."""

    @wraps(view)
    def wrapper(request: ActorRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        try:
            return view(request, *args, **kwargs)
        except CardMovedError as moved:
            if request.method in ("GET", "HEAD"):
                return HttpResponseRedirect(moved.url)
            raise NotFound from None  # a change posted to an old address is not replayed
        except DomainError as error:
            for message in error.messages:
                messages.error(request, message)
            url = card_address(kwargs["org_slug"], kwargs["board_id"], kwargs["number"])
            # An HTMX request would swap the whole page into one section: reload it instead.
            if request.htmx:
                return HttpResponseClientRedirect(url)
            return HttpResponseRedirect(url)

    return wrapper  # type: ignore[return-value]
