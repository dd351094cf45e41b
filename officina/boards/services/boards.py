"""Boards and their structure: creation from a template, columns, swimlanes, labels, guests."""

from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from officina.accounts.models import User
from officina.boards.exceptions import BoardRuleError
from officina.boards.models import (
    Board,
    BoardTemplate,
    Column,
    Label,
    Stage,
    Swimlane,
    WorkItem,
)
from officina.boards.permissions import can_create_board, require_manage_board
from officina.boards.selectors import board_access_for_actor
from officina.boards.services.cards import work_items_back_in_progress
from officina.boards.services.locking import bump_board, lock_board
from officina.common.exceptions import NotFound, PermissionDeniedError
from officina.organisations.actor import Actor
from officina.organisations.models import Team, TeamMembership

BOARD_FIELDS = ("name", "description", "visibility")
COLUMN_FIELDS = (
    "name",
    "stage",
    "wip_limit",
    "wip_policy",
    "policy",
    "is_collapsed",
    "is_closed",
    "is_split",
)


def _membership_role(actor: Actor, team: Team) -> str | None:
    return (
        TeamMembership.objects.filter(team=team, user=actor.user)
        .values_list("role", flat=True)
        .first()
    )


def structure_of_board(board: Board) -> dict[str, Any]:
    """A board's structure in the template format (to copy a board or save it as a template)."""
    return {
        "columns": [
            {
                "name": column.name,
                "stage": column.stage,
                "wip_limit": column.wip_limit,
                "wip_policy": column.wip_policy,
                "policy": column.policy,
                "is_split": column.is_split,
            }
            for column in board.columns.filter(is_closed=False)
        ],
        "swimlanes": list(board.swimlanes.values_list("name", flat=True)),
    }


def validate_template_structure(structure: Any) -> tuple[list[dict[str, Any]], list[str]]:
    """The columns and lane names of a template structure, or BoardRuleError saying what is off."""
    columns = structure.get("columns") if isinstance(structure, dict) else None
    lanes = structure.get("swimlanes") if isinstance(structure, dict) else None
    if not columns or not isinstance(columns, list):
        raise BoardRuleError(_("The template has no columns."))
    stages = {value for value, _label in Stage.choices}
    for column in columns:
        if not isinstance(column, dict) or not str(column.get("name", "")).strip():
            raise BoardRuleError(_("Every column of the template needs a name."))
        if column.get("stage", Stage.NOT_STARTED) not in stages:
            raise BoardRuleError(_("A column of the template has an unknown stage."))
    if not lanes:
        lanes = [_("Cards")]
    return columns, [str(name) for name in lanes]


@transaction.atomic
def board_create(
    *,
    actor: Actor,
    team: Team,
    name: str,
    template: BoardTemplate | None = None,
    copy_from: Board | None = None,
    description: str = "",
    visibility: str = Board.Visibility.TEAM,
) -> Board:
    """A new board of `team`, its columns and lanes taken from a template or another board."""
    if team.organisation_id != actor.organisation.pk:
        raise NotFound
    if not can_create_board(actor, _membership_role(actor, team)):
        raise PermissionDeniedError(_("Only the team's members create its boards."))
    if copy_from is not None:
        board_access_for_actor(actor=actor, board=copy_from)  # NotFound unless visible
        structure = structure_of_board(copy_from)
    elif template is not None:
        if template.organisation_id not in (None, actor.organisation.pk):
            raise NotFound
        structure = template.structure
    else:
        raise BoardRuleError(_("Choose a template or a board to copy."))
    columns, lanes = validate_template_structure(structure)
    name = name.strip()
    if Board.objects.filter(team=team, name__iexact=name).exists():
        raise BoardRuleError(_("The team already has a board with this name."))
    try:
        with transaction.atomic():
            board = Board.objects.create(
                organisation=actor.organisation,
                team=team,
                name=name,
                description=description,
                visibility=visibility,
                created_by=actor.user,
            )
    except IntegrityError as error:
        raise BoardRuleError(_("The team already has a board with this name.")) from error
    Column.objects.bulk_create(
        Column(
            organisation=actor.organisation,
            board=board,
            position=index,
            name=str(column["name"]).strip()[:80],
            stage=column.get("stage", Stage.NOT_STARTED),
            wip_limit=column.get("wip_limit") or None,
            wip_policy=column.get("wip_policy") or Column.WipPolicy.SOFT,
            policy=column.get("policy") or "",
            is_split=bool(column.get("is_split")) and column.get("stage") == Stage.IN_PROGRESS,
        )
        for index, column in enumerate(columns)
    )
    Swimlane.objects.bulk_create(
        Swimlane(organisation=actor.organisation, board=board, position=index, name=lane[:80])
        for index, lane in enumerate(lanes)
    )
    return board


@transaction.atomic
def board_update(*, actor: Actor, board: Board, **changes: Any) -> Board:
    """Change the name, description or visibility of a board."""
    require_manage_board(board_access_for_actor(actor=actor, board=board))
    locked = lock_board(board.pk)
    for field, value in changes.items():
        if field not in BOARD_FIELDS:
            raise TypeError(f"board_update cannot change {field}")
        setattr(locked, field, value)
    if "name" in changes and (
        Board.objects.filter(team_id=locked.team_id, name__iexact=locked.name)
        .exclude(pk=locked.pk)
        .exists()
    ):
        raise BoardRuleError(_("The team already has a board with this name."))
    locked.save()
    bump_board(locked, structure=True)
    return locked


@transaction.atomic
def board_set_archived(*, actor: Actor, board: Board, archived: bool) -> Board:
    """Archive a board (it leaves the lists, keeps its history) or restore it."""
    require_manage_board(board_access_for_actor(actor=actor, board=board))
    locked = lock_board(board.pk)
    locked.archived_at = timezone.now() if archived else None
    locked.save(update_fields=["archived_at", "updated_at"])
    bump_board(locked, structure=True)
    return locked


@transaction.atomic
def board_guest_set(*, actor: Actor, board: Board, user: User, invited: bool) -> None:
    """Invite a guest of the team to this board, or withdraw the invitation."""
    require_manage_board(board_access_for_actor(actor=actor, board=board))
    is_team_guest = TeamMembership.objects.filter(
        team_id=board.team_id, user=user, role=TeamMembership.Role.GUEST
    ).exists()
    if invited and not is_team_guest:
        raise BoardRuleError(_("Only guests of the team can be invited to one of its boards."))
    locked = lock_board(board.pk)
    if invited:
        locked.guests.add(user)
    else:
        locked.guests.remove(user)
    bump_board(locked, structure=True)


# --- Columns ---------------------------------------------------------------------------------


def _clean_column_changes(changes: dict[str, Any]) -> dict[str, Any]:
    for field in changes:
        if field not in COLUMN_FIELDS:
            raise TypeError(f"column change of {field} is not allowed")
    if "name" in changes:
        changes["name"] = str(changes["name"]).strip()
        if not changes["name"]:
            raise BoardRuleError(_("A column needs a name."))
    if changes.get("wip_limit") == 0:
        changes["wip_limit"] = None
    return changes


def _check_split(column: Column) -> None:
    if column.is_split and column.stage != Stage.IN_PROGRESS:
        raise BoardRuleError(
            _("Only a column in progress can have a 'ready' part: change its stage first.")
        )


@transaction.atomic
def column_create(*, actor: Actor, board: Board, name: str, **fields: Any) -> Column:
    """Add a column at the right end of the board."""
    require_manage_board(board_access_for_actor(actor=actor, board=board))
    fields = _clean_column_changes({"name": name, **fields})
    _check_split(Column(**fields))
    locked = lock_board(board.pk)
    last = locked.columns.aggregate(last=Max("position"))["last"]
    column = Column.objects.create(
        organisation=locked.organisation, board=locked, position=(last or 0) + 1, **fields
    )
    bump_board(locked, structure=True)
    return column


@transaction.atomic
def column_update(*, actor: Actor, column: Column, **changes: Any) -> Column:
    """Rename a column or change its stage, WIP limit, policy, collapse, closed state or split.

    A column that stops being split (or in progress) sends its ready cards back in progress,
    each with its event, so the time they waited stays exact.
    """
    require_manage_board(board_access_for_actor(actor=actor, board=column.board))
    changes = _clean_column_changes(changes)
    locked = lock_board(column.board_id)
    column = Column.objects.get(pk=column.pk)
    was_split = column.is_split
    for field, value in changes.items():
        setattr(column, field, value)
    if column.stage != Stage.IN_PROGRESS and "is_split" not in changes:
        column.is_split = False
    _check_split(column)
    column.save()
    card_ids: list[int] = []
    if was_split and not column.is_split:
        card_ids = work_items_back_in_progress(actor=actor, column=column)
    bump_board(locked, card_ids=card_ids, structure=True)
    return column


@transaction.atomic
def column_reorder(*, actor: Actor, board: Board, column_ids: list[int]) -> None:
    """Put the board's columns in the given order (every column, each once)."""
    require_manage_board(board_access_for_actor(actor=actor, board=board))
    locked = lock_board(board.pk)
    columns = {column.pk: column for column in locked.columns.all()}
    if sorted(column_ids) != sorted(columns):
        raise BoardRuleError(_("The new order must list every column of the board once."))
    for position, column_id in enumerate(column_ids):
        columns[column_id].position = position
    Column.objects.bulk_update(columns.values(), ["position"])
    bump_board(locked, structure=True)


@transaction.atomic
def column_delete(*, actor: Actor, column: Column) -> None:
    """Delete an empty column without history; otherwise it must be closed instead."""
    require_manage_board(board_access_for_actor(actor=actor, board=column.board))
    locked = lock_board(column.board_id)
    if WorkItem.objects.filter(column=column).exists() or column.board.columns.count() <= 1:
        raise BoardRuleError(
            _(
                'The column "%(column)s" holds cards or their history: close it instead, '
                "so past moves stay exact."
            )
            % {"column": column.name}
        )
    column.delete()
    bump_board(locked, structure=True)


# --- Swimlanes -------------------------------------------------------------------------------


@transaction.atomic
def swimlane_create(*, actor: Actor, board: Board, name: str) -> Swimlane:
    require_manage_board(board_access_for_actor(actor=actor, board=board))
    name = name.strip()
    if not name:
        raise BoardRuleError(_("A swimlane needs a name."))
    locked = lock_board(board.pk)
    last = locked.swimlanes.aggregate(last=Max("position"))["last"]
    lane = Swimlane.objects.create(
        organisation=locked.organisation, board=locked, name=name, position=(last or 0) + 1
    )
    bump_board(locked, structure=True)
    return lane


@transaction.atomic
def swimlane_update(
    *, actor: Actor, swimlane: Swimlane, name: str | None = None, is_collapsed: bool | None = None
) -> Swimlane:
    require_manage_board(board_access_for_actor(actor=actor, board=swimlane.board))
    locked = lock_board(swimlane.board_id)
    swimlane = Swimlane.objects.get(pk=swimlane.pk)
    if name is not None:
        if not name.strip():
            raise BoardRuleError(_("A swimlane needs a name."))
        swimlane.name = name.strip()
    if is_collapsed is not None:
        swimlane.is_collapsed = is_collapsed
    swimlane.save()
    bump_board(locked, structure=True)
    return swimlane


@transaction.atomic
def swimlane_delete(*, actor: Actor, swimlane: Swimlane) -> None:
    """Delete a lane that never held a card; the last lane of a board stays."""
    require_manage_board(board_access_for_actor(actor=actor, board=swimlane.board))
    locked = lock_board(swimlane.board_id)
    if WorkItem.objects.filter(swimlane=swimlane).exists() or locked.swimlanes.count() <= 1:
        raise BoardRuleError(
            _('The swimlane "%(lane)s" holds cards or is the only one: it cannot be deleted.')
            % {"lane": swimlane.name}
        )
    swimlane.delete()
    bump_board(locked, structure=True)


# --- Labels ----------------------------------------------------------------------------------


@transaction.atomic
def label_create(
    *, actor: Actor, board: Board, name: str, colour: str = Label.Colour.BLUE
) -> Label:
    require_manage_board(board_access_for_actor(actor=actor, board=board))
    name = name.strip()
    if not name:
        raise BoardRuleError(_("A label needs a name."))
    locked = lock_board(board.pk)
    if locked.labels.filter(name__iexact=name).exists():
        raise BoardRuleError(_("The board already has a label with this name."))
    label = Label.objects.create(
        organisation=locked.organisation, board=locked, name=name, colour=colour
    )
    bump_board(locked, structure=True)
    return label


@transaction.atomic
def label_update(
    *, actor: Actor, label: Label, name: str | None = None, colour: str | None = None
) -> Label:
    """Rename or recolour a label; every card wearing it shows the change."""
    require_manage_board(board_access_for_actor(actor=actor, board=label.board))
    locked = lock_board(label.board_id)
    label = Label.objects.get(pk=label.pk)
    if name is not None:
        name = name.strip()
        if not name:
            raise BoardRuleError(_("A label needs a name."))
        if locked.labels.filter(name__iexact=name).exclude(pk=label.pk).exists():
            raise BoardRuleError(_("The board already has a label with this name."))
        label.name = name
    if colour is not None:
        label.colour = colour
    label.save()
    bump_board(locked, card_ids=list(label.work_items.values_list("pk", flat=True)), structure=True)
    return label


@transaction.atomic
def label_delete(*, actor: Actor, label: Label) -> None:
    require_manage_board(board_access_for_actor(actor=actor, board=label.board))
    locked = lock_board(label.board_id)
    card_ids = list(label.work_items.values_list("pk", flat=True))
    label.delete()
    bump_board(locked, card_ids=card_ids, structure=True)
