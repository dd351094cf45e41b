"""What a live estimation looks like now (decision 0045): the public state, the same for every
viewer, and the few facts that depend on who looks (their own vote, what they may do).

Before the reveal the public state names who has voted and never what; after it, every vote,
the distribution, the median, the minimum and the maximum. It is what the page renders, what
the API answers and what the WebSocket pushes, so a hidden vote cannot leak from one of them.
"""

import statistics
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from officina.boards.models import WorkItem
from officina.boards.selectors.boards import BoardWithAccess
from officina.common.exceptions import NotFound
from officina.scrum.models import PokerRound, PokerSession, PokerVote, ScrumSettings
from officina.scrum.permissions import can_facilitate_poker, can_vote_poker
from officina.scrum.scales import SCALES, estimate_label

UNSURE = "?"
PAUSE = "pause"


def poker_group(board_id: int) -> str:
    """The channel-layer group of a board's estimation views."""
    return f"poker-{board_id}"


def deck(scale: str) -> list[tuple[str, str]]:
    """The cards of a scale as (value, text): the scale's labels, then "?" and a pause."""
    cards = [(label, label) for label, _points in SCALES[scale]]
    return [*cards, (UNSURE, _("Not sure")), (PAUSE, _("Pause"))]


def card_text(scale: str, value: str) -> str:
    return dict(deck(scale)).get(value, value)


def points_of(scale: str, value: str) -> Decimal | None:
    return dict(SCALES[scale]).get(value)


def open_session(board_id: int) -> PokerSession | None:
    return PokerSession.objects.filter(board_id=board_id, closed_at__isnull=True).first()


def current_round(session: PokerSession) -> PokerRound | None:
    return (
        PokerRound.objects.filter(session_id=session.pk)
        .select_related("work_item")
        .order_by("-started_at", "-pk")
        .first()
    )


def _summary(scale: str, votes: list[PokerVote]) -> dict[str, Any]:
    counts: dict[str, int] = {}
    for vote in votes:
        counts[vote.value] = counts.get(vote.value, 0) + 1
    order = [value for value, _text in deck(scale)]
    distribution = [
        {"value": value, "text": card_text(scale, value), "count": counts[value]}
        for value in order
        if value in counts
    ]
    points = sorted(p for p in (points_of(scale, v.value) for v in votes) if p is not None)
    if not points:
        return {"distribution": distribution, "median": None, "min": None, "max": None}
    median = Decimal(statistics.median(points))
    # The card the team most likely agrees on: the scale's value nearest the median (up on ties).
    suggested = min(SCALES[scale], key=lambda card: (abs(card[1] - median), -card[1]))
    return {
        "distribution": distribution,
        "median": f"{median.normalize():f}",
        "min": estimate_label(scale, points[0]),
        "max": estimate_label(scale, points[-1]),
        "suggested": suggested[0],
    }


def public_state(board_id: int) -> dict[str, Any]:
    """The estimation of a board as everyone may see it (3 queries with a round open)."""
    session = (
        PokerSession.objects.filter(board_id=board_id, closed_at__isnull=True)
        .select_related("facilitator")
        .first()
    )
    if session is None:
        return {"open": False}
    state: dict[str, Any] = {
        "open": True,
        "session": session.pk,
        "version": session.version,
        "facilitator": _person(session.facilitator) if session.facilitator else None,
        "round": None,
    }
    round_ = current_round(session)
    if round_ is None:
        return state
    scale = (
        ScrumSettings.objects.filter(board_id=board_id)
        .values_list("estimate_scale", flat=True)
        .first()
        or "fibonacci"
    )
    votes = list(
        PokerVote.objects.filter(round_id=round_.pk)
        .select_related("voter")
        .order_by("voter__first_name", "voter__last_name", "voter_id")
    )
    card: WorkItem = round_.work_item
    revealed = round_.revealed_at is not None
    state["round"] = {
        "id": round_.pk,
        "number": round_.number,
        "story": {
            "number": card.number,
            "title": card.title,
            "estimate": estimate_label(scale, card.estimate),
        },
        "revealed": revealed,
        "accepted": (
            estimate_label(scale, round_.accepted_estimate)
            if round_.accepted_at is not None
            else None
        ),
        "voted": [_person(vote.voter) for vote in votes],
    }
    if revealed:
        state["round"]["votes"] = [
            {**_person(vote.voter), "value": vote.value, "text": card_text(scale, vote.value)}
            for vote in votes
        ]
        state["round"]["summary"] = _summary(scale, votes)
    return state


def _person(user: Any) -> dict[str, Any]:
    return {"id": user.pk, "name": user.get_full_name() or user.email}


@dataclass(frozen=True)
class PokerView:
    """The state as one person sees it: the public state, their own vote and their rights."""

    state: dict[str, Any]
    scale: str
    my_vote: str | None
    can_facilitate: bool
    can_vote: bool


def poker_view_for(*, seen: BoardWithAccess) -> PokerView:
    """The estimation of a Scrum board for the person who reached it; NotFound on Kanban."""
    scale = (
        ScrumSettings.objects.filter(board_id=seen.pk)
        .values_list("estimate_scale", flat=True)
        .first()
    )
    if scale is None:
        raise NotFound
    state = public_state(seen.pk)
    my_vote = None
    round_ = state.get("round")
    if round_ is not None:
        my_vote = (
            PokerVote.objects.filter(round_id=round_["id"], voter_id=seen.user_id)
            .values_list("value", flat=True)
            .first()
        )
    return PokerView(
        state=state,
        scale=scale,
        my_vote=my_vote,
        can_facilitate=can_facilitate_poker(seen.access),
        can_vote=can_vote_poker(seen.access),
    )
