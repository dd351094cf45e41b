"""Live estimation ("planning poker", decision 0045): open a session, pick a story, vote hidden,
reveal together, re-vote, accept the estimate (written to the card through the backlog's service,
so it lands in the card's history).

Every change locks the open session's row (`SELECT … FOR UPDATE`), so votes, the reveal and the
acceptance happen one after the other; the unique (round, voter) constraint keeps one vote a
person. After commit the public state is pushed to every open view of the board.
"""

from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from officina.boards.models import Stage, WorkItem
from officina.boards.selectors.boards import board_access_for_actor
from officina.organisations.actor import Actor
from officina.realtime.publish import group_send
from officina.scrum.exceptions import ScrumRuleError
from officina.scrum.models import PokerRound, PokerSession, PokerVote, ScrumSettings
from officina.scrum.permissions import require_facilitate_poker, require_vote_poker
from officina.scrum.selectors.poker import current_round, deck, points_of, poker_group, public_state
from officina.scrum.services.backlog import backlog_item_update


def _scale(board_id: int) -> str:
    scale = (
        ScrumSettings.objects.filter(board_id=board_id)
        .values_list("estimate_scale", flat=True)
        .first()
    )
    if scale is None:
        raise ScrumRuleError(
            _("This board does not use Scrum yet: switch it on in the board's Scrum settings.")
        )
    return scale


def _locked_session(board_id: int) -> PokerSession:
    session = (
        PokerSession.objects.select_for_update().filter(board_id=board_id, closed_at__isnull=True)
    ).first()
    if session is None:
        raise ScrumRuleError(_("No estimation is open on this board: start one first."))
    return session


def _open_round(session: PokerSession) -> PokerRound:
    round_ = current_round(session)
    if round_ is None or round_.accepted_at is not None:
        raise ScrumRuleError(_("No story is being estimated: pick one from the backlog first."))
    return round_


def _changed(session: PokerSession) -> None:
    """Bump the session's version; push the public state once the transaction commits."""
    PokerSession.objects.filter(pk=session.pk).update(version=F("version") + 1)
    board_id = session.board_id

    def push() -> None:
        message: dict[str, Any] = {"type": "poker.state", "state": public_state(board_id)}
        group_send(poker_group(board_id), message)

    transaction.on_commit(push)


@transaction.atomic
def poker_open(*, actor: Actor, board_id: int) -> PokerSession:
    """The board's open estimation, opened now if there is none (by a facilitator)."""
    require_facilitate_poker(board_access_for_actor(actor=actor, board_id=board_id))
    _scale(board_id)
    session = PokerSession.objects.filter(board_id=board_id, closed_at__isnull=True).first()
    if session is not None:
        return session
    try:
        with transaction.atomic():
            session = PokerSession.objects.create(
                organisation_id=actor.organisation.pk,
                board_id=board_id,
                facilitator=actor.user,
                created_at=timezone.now(),
            )
    except IntegrityError:  # opened by someone else meanwhile
        return PokerSession.objects.get(board_id=board_id, closed_at__isnull=True)
    _changed(session)
    return session


@transaction.atomic
def poker_pick_story(*, actor: Actor, board_id: int, work_item: WorkItem) -> PokerRound:
    """Start estimating a story of the board's backlog (a fresh round, votes hidden)."""
    require_facilitate_poker(board_access_for_actor(actor=actor, board_id=board_id))
    session = _locked_session(board_id)
    card = WorkItem.objects.select_related("column").filter(pk=work_item.pk).first()
    if card is None or card.board_id != board_id:
        raise ScrumRuleError(_("This story belongs to another board: it cannot be estimated here."))
    if card.archived_at is not None or card.column.stage == Stage.DONE:
        raise ScrumRuleError(_("Only open stories of the backlog are estimated."))
    round_ = PokerRound.objects.create(
        organisation_id=session.organisation_id,
        session=session,
        work_item=card,
        number=1,
        started_at=timezone.now(),
    )
    if session.facilitator_id != actor.user.pk:
        PokerSession.objects.filter(pk=session.pk).update(facilitator=actor.user)
    _changed(session)
    return round_


@transaction.atomic
def poker_vote(*, actor: Actor, board_id: int, value: str) -> PokerVote:
    """Cast or replace the actor's hidden vote in the open round; refused after the reveal."""
    require_vote_poker(board_access_for_actor(actor=actor, board_id=board_id))
    scale = _scale(board_id)
    if value not in dict(deck(scale)):
        raise ScrumRuleError(
            _("This card is not in the deck: choose one of %(values)s.")
            % {"values": ", ".join(text for _value, text in deck(scale))}
        )
    session = _locked_session(board_id)
    round_ = _open_round(session)
    if round_.revealed_at is not None:
        raise ScrumRuleError(
            _(
                "The votes are already revealed: your vote was not counted. "
                "Ask the facilitator for a new round to vote again."
            )
        )
    vote, _created = PokerVote.objects.update_or_create(
        round=round_,
        voter=actor.user,
        defaults={
            "organisation_id": session.organisation_id,
            "value": value,
            "voted_at": timezone.now(),
        },
    )
    _changed(session)
    return vote


@transaction.atomic
def poker_reveal(*, actor: Actor, board_id: int) -> PokerRound:
    """Turn every card of the round over at once."""
    require_facilitate_poker(board_access_for_actor(actor=actor, board_id=board_id))
    session = _locked_session(board_id)
    round_ = _open_round(session)
    if round_.revealed_at is not None:
        raise ScrumRuleError(_("The votes of this round are already revealed."))
    if not PokerVote.objects.filter(round_id=round_.pk).exists():
        raise ScrumRuleError(_("Nobody has voted yet: wait for the votes before revealing."))
    round_.revealed_at = timezone.now()
    round_.save(update_fields=["revealed_at"])
    _changed(session)
    return round_


@transaction.atomic
def poker_revote(*, actor: Actor, board_id: int) -> PokerRound:
    """After the discussion, a new round on the same story, every vote hidden again."""
    require_facilitate_poker(board_access_for_actor(actor=actor, board_id=board_id))
    session = _locked_session(board_id)
    previous = _open_round(session)
    if previous.revealed_at is None:
        raise ScrumRuleError(_("Reveal the votes before asking for a new round."))
    round_ = PokerRound.objects.create(
        organisation_id=session.organisation_id,
        session=session,
        work_item_id=previous.work_item_id,
        number=previous.number + 1,
        started_at=timezone.now(),
    )
    _changed(session)
    return round_


@transaction.atomic
def poker_accept(*, actor: Actor, board_id: int, value: str) -> PokerRound:
    """Write the agreed estimate (a card of the scale) to the story and close the round."""
    require_facilitate_poker(board_access_for_actor(actor=actor, board_id=board_id))
    scale = _scale(board_id)
    session = _locked_session(board_id)
    round_ = _open_round(session)
    if round_.revealed_at is None:
        raise ScrumRuleError(_("Reveal the votes before accepting an estimate."))
    points: Decimal | None = points_of(scale, value)
    if points is None:
        raise ScrumRuleError(_("Choose the agreed estimate among the cards of the board's scale."))
    backlog_item_update(actor=actor, work_item=round_.work_item, estimate=points)
    round_.accepted_estimate = points
    round_.accepted_at = timezone.now()
    round_.save(update_fields=["accepted_estimate", "accepted_at"])
    _changed(session)
    return round_


@transaction.atomic
def poker_close(*, actor: Actor, board_id: int) -> PokerSession:
    """End the estimation; its rounds stay as a record."""
    require_facilitate_poker(board_access_for_actor(actor=actor, board_id=board_id))
    session = _locked_session(board_id)
    session.closed_at = timezone.now()
    session.save(update_fields=["closed_at"])
    _changed(session)
    return session
