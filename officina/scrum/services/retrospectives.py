"""Retrospectives (decision 0047): open one in a format, write notes (anonymous ones store no
author at all), dot-vote, group, turn notes into actions, close.

An action is a real card of the board's backlog, made by the backlog's service and given its
owner by the cards' service, so it has a number, a column and a history like any other card.
Every change locks the retrospective's row first (`SELECT … FOR UPDATE`): the dots a person has
left are counted under that lock, and a closed retrospective refuses every change.
"""

from collections.abc import Callable
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from officina.boards.models import Board
from officina.boards.permissions import BoardAccess
from officina.boards.selectors.boards import board_access_for_actor, board_member_list
from officina.boards.services.cards import work_item_update
from officina.common.exceptions import NotFound, full_clean_or_refuse
from officina.organisations.actor import Actor
from officina.scrum.exceptions import ScrumRuleError
from officina.scrum.models import (
    DEFAULT_DOTS,
    ItemType,
    RetroAction,
    RetroNote,
    Retrospective,
    RetroVote,
    ScrumSettings,
    Sprint,
)
from officina.scrum.permissions import require_facilitate_retro, require_take_part_in_retro
from officina.scrum.retro_formats import DEFAULT_FORMAT, FORMATS, format_of
from officina.scrum.services.backlog import backlog_item_create

TITLE_LENGTH = 200  # a card's title


@transaction.atomic
def retrospective_create(  # noqa: PLR0913 - a retrospective's fields
    *,
    actor: Actor,
    board_id: int,
    title: str,
    format: str = DEFAULT_FORMAT,  # noqa: A002 - the field's name
    sprint: Sprint | None = None,
    dots_per_person: int = DEFAULT_DOTS,
    at: datetime | None = None,
) -> Retrospective:
    """A new retrospective of a Scrum board, in one of the formats, about a sprint or none,
    with `dots_per_person` dots for each person (1 to 10)."""
    require_facilitate_retro(board_access_for_actor(actor=actor, board_id=board_id))
    organisation_id = actor.organisation.pk
    if not ScrumSettings.objects.filter(
        organisation_id=organisation_id, board_id=board_id
    ).exists():
        raise ScrumRuleError(
            _("This board does not use Scrum yet: switch it on in the board's Scrum settings.")
        )
    if format not in FORMATS:
        raise ScrumRuleError(_("Choose one of the retrospective formats."))
    if sprint is not None and sprint.board_id != board_id:
        raise ScrumRuleError(_("This sprint belongs to another board."))
    title = title.strip()
    if not title:
        raise ScrumRuleError(_("A retrospective needs a title."))
    retrospective = Retrospective(
        organisation_id=organisation_id,
        board_id=board_id,
        sprint=sprint,
        title=title,
        format=format,
        facilitator=actor.user,
        dots_per_person=dots_per_person,
        created_at=at or timezone.now(),
    )
    full_clean_or_refuse(
        retrospective,
        exclude=("organisation", "board", "sprint", "facilitator"),
        error=ScrumRuleError,
    )
    retrospective.save()
    return retrospective


def _locked_open(
    *, actor: Actor, retrospective: Retrospective, require: Callable[[BoardAccess], None]
) -> Retrospective:
    """The retrospective locked for this transaction, once the actor's access is checked
    again; refused when it is closed."""
    require(board_access_for_actor(actor=actor, board_id=retrospective.board_id))
    locked = (
        Retrospective.objects.select_for_update()
        .filter(organisation_id=actor.organisation.pk, pk=retrospective.pk)
        .first()
    )
    if locked is None:
        raise NotFound
    if locked.closed_at is not None:
        raise ScrumRuleError(_("This retrospective is closed: nothing in it changes any more."))
    return locked


def _note_in(locked: Retrospective, note: RetroNote) -> RetroNote:
    found = RetroNote.objects.filter(
        organisation_id=locked.organisation_id, retrospective_id=locked.pk, pk=note.pk
    ).first()
    if found is None:
        raise ScrumRuleError(_("This note belongs to another retrospective."))
    return found


@transaction.atomic
def retro_note_add(  # noqa: PLR0913 - a note's fields
    *,
    actor: Actor,
    retrospective: Retrospective,
    column: str,
    text: str,
    anonymous: bool = False,
    at: datetime | None = None,
) -> RetroNote:
    """A note in a column of the retrospective's format. An anonymous note stores no author,
    and carries the retrospective's own times instead of the moment it was written, so not
    even the database can tell who wrote it."""
    locked = _locked_open(
        actor=actor, retrospective=retrospective, require=require_take_part_in_retro
    )
    if format_of(locked.format).column(column) is None:
        raise ScrumRuleError(_("Choose a column of this retrospective."))
    text = text.strip()
    if not text:
        raise ScrumRuleError(_("A note needs some text."))
    note = RetroNote(
        organisation_id=locked.organisation_id,
        retrospective=locked,
        column=column,
        text=text,
        author=None if anonymous else actor.user,
        created_at=locked.created_at if anonymous else at or timezone.now(),
    )
    full_clean_or_refuse(
        note, exclude=("organisation", "retrospective", "author", "group"), error=ScrumRuleError
    )
    note.save()
    if anonymous:  # `updated_at` is stamped on save: overwrite it too
        RetroNote.objects.filter(pk=note.pk).update(updated_at=locked.created_at)
        note.updated_at = locked.created_at
    return note


@transaction.atomic
def retro_vote(*, actor: Actor, retrospective: Retrospective, note: RetroNote) -> RetroVote:
    """Put one of the actor's dots on a note: one dot a note, `dots_per_person` in all."""
    locked = _locked_open(
        actor=actor, retrospective=retrospective, require=require_take_part_in_retro
    )
    note = _note_in(locked, note)
    mine = RetroVote.objects.filter(
        organisation_id=locked.organisation_id, retrospective_id=locked.pk, voter=actor.user
    )
    if mine.filter(note_id=note.pk).exists():
        raise ScrumRuleError(
            _(
                "You have already put a dot on this note: one dot a note. "
                "Take it back to use it on another one."
            )
        )
    if mine.count() >= locked.dots_per_person:
        raise ScrumRuleError(
            ngettext(
                "You have used your %(count)s dot: take it back from a note to vote here.",
                "You have used your %(count)s dots: take one back from a note to vote here.",
                locked.dots_per_person,
            )
            % {"count": locked.dots_per_person}
        )
    return RetroVote.objects.create(
        organisation_id=locked.organisation_id,
        retrospective=locked,
        note=note,
        voter=actor.user,
    )


@transaction.atomic
def retro_vote_take_back(*, actor: Actor, retrospective: Retrospective, note: RetroNote) -> None:
    """Take the actor's dot back from a note, to use it elsewhere."""
    locked = _locked_open(
        actor=actor, retrospective=retrospective, require=require_take_part_in_retro
    )
    note = _note_in(locked, note)
    deleted, _rows = RetroVote.objects.filter(
        organisation_id=locked.organisation_id, note_id=note.pk, voter=actor.user
    ).delete()
    if not deleted:
        raise ScrumRuleError(_("You have no dot on this note."))


@transaction.atomic
def retro_note_group(
    *, actor: Actor, retrospective: Retrospective, note: RetroNote, under: RetroNote | None
) -> RetroNote:
    """Put a note (and the notes under it) under another note, the group's heading; `under`
    None takes it out of its group. Groups are one level deep: under a grouped note means
    under its heading."""
    locked = _locked_open(
        actor=actor, retrospective=retrospective, require=require_take_part_in_retro
    )
    note = _note_in(locked, note)
    heading_id = None
    if under is not None:
        under = _note_in(locked, under)
        heading_id = under.group_id or under.pk
        if heading_id == note.pk:
            raise ScrumRuleError(_("A note cannot be put under itself."))
    note.group_id = heading_id
    note.save(update_fields=["group", "updated_at"])
    if heading_id is not None:  # its own notes follow it under the new heading
        RetroNote.objects.filter(
            organisation_id=locked.organisation_id, retrospective_id=locked.pk, group_id=note.pk
        ).update(group_id=heading_id)
    return note


@transaction.atomic
def retro_action_create(  # noqa: PLR0913 - an action's fields
    *,
    actor: Actor,
    retrospective: Retrospective,
    title: str,
    owner_id: int | None,
    note: RetroNote | None = None,
    at: datetime | None = None,
) -> RetroAction:
    """An action of the retrospective: a task at the bottom of the board's backlog, assigned
    to its owner (a person who works on the board), from a note or written fresh."""
    locked = _locked_open(
        actor=actor, retrospective=retrospective, require=require_facilitate_retro
    )
    if note is not None:
        note = _note_in(locked, note)
    title = (title.strip() or (note.text if note is not None else ""))[:TITLE_LENGTH].strip()
    if not title:
        raise ScrumRuleError(_("An action needs a title: what will be done."))
    board = Board.objects.get(organisation_id=locked.organisation_id, pk=locked.board_id)
    if owner_id is None or not board_member_list(board=board).filter(pk=owner_id).exists():
        raise ScrumRuleError(_("Choose the action's owner among the people of the board's team."))
    item = backlog_item_create(
        actor=actor, board=board, title=title, item_type=ItemType.TASK, at=at
    )
    description = _("Action of the retrospective “%(title)s”.") % {"title": locked.title}
    if note is not None:
        description += "\n\n> " + " ".join(note.text.split())
    work_item_update(
        actor=actor,
        work_item=item.work_item,
        data={"assignees": [owner_id], "description": description},
        at=at,
    )
    return RetroAction.objects.create(
        organisation_id=locked.organisation_id,
        retrospective=locked,
        work_item=item.work_item,
        note=note,
        created_at=at or timezone.now(),
    )


@transaction.atomic
def retrospective_close(
    *, actor: Actor, retrospective: Retrospective, at: datetime | None = None
) -> Retrospective:
    """Close the retrospective: from now on it is a record, nothing in it changes."""
    locked = _locked_open(
        actor=actor, retrospective=retrospective, require=require_facilitate_retro
    )
    locked.closed_at = at or timezone.now()
    locked.save(update_fields=["closed_at", "updated_at"])
    return locked
