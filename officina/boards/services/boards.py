"""Boards: creation from a template or another board, settings, archive, guests, roles.

Columns, lanes and labels are in `services/structure.py`. Every change is a board event
(`boards.history`); `at` is when it happened (default: now).
"""

from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from officina.accounts.models import User
from officina.audit.models import AuditEvent
from officina.audit.services import audit_record
from officina.boards import history
from officina.boards.exceptions import BoardRuleError
from officina.boards.models import Board, BoardTemplate, Column, Stage, Swimlane
from officina.boards.permissions import (
    can_be_named_manager,
    can_create_board,
    require_manage_board,
)
from officina.boards.selectors.boards import (
    BoardWithAccess,
    board_access_for_actor,
    board_column_list,
    board_swimlane_list,
    team_membership_role,
)
from officina.boards.services.locking import bump_board, lock_board
from officina.boards.signals import board_created
from officina.common.exceptions import NotFound, PermissionDeniedError, full_clean_or_refuse
from officina.organisations.access_cache import access_changed
from officina.organisations.actor import Actor
from officina.organisations.models import Team, TeamMembership

BOARD_FIELDS = ("name", "description", "visibility", "guest_rights")
BOARD_MANAGER_ROLE = "board_manager"  # the role the audit log names for a board's manager


def structure_of_board(seen: BoardWithAccess) -> dict[str, Any]:
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
            for column in board_column_list(seen=seen, open_only=True)
        ],
        "swimlanes": [lane.name for lane in board_swimlane_list(seen=seen)],
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


def _template_column(board: Board, index: int, column: dict[str, Any], at: datetime) -> Column:
    stage = column.get("stage", Stage.NOT_STARTED)
    return Column(
        organisation_id=board.organisation_id,
        board=board,
        position=index,
        name=str(column["name"]).strip()[:80],
        stage=stage,
        wip_limit=column.get("wip_limit") or None,
        wip_policy=column.get("wip_policy") or Column.WipPolicy.SOFT,
        policy=column.get("policy") or "",
        is_split=bool(column.get("is_split")) and stage == Stage.IN_PROGRESS,
        created_at=at,
    )


@transaction.atomic
def board_create(  # noqa: PLR0913 - a board's fields, each but the team and name optional
    *,
    actor: Actor,
    team: Team,
    name: str,
    template: BoardTemplate | None = None,
    copy_from: BoardWithAccess | None = None,
    description: str = "",
    visibility: str = Board.Visibility.TEAM,
    at: datetime | None = None,
) -> Board:
    """A new board of `team`, its columns and lanes taken from a template or another board."""
    if team.organisation_id != actor.organisation.pk:
        raise NotFound
    role = team_membership_role(actor=actor, team=team)
    if not can_create_board(actor, role):
        raise PermissionDeniedError(_("Only the team's members create its boards."))
    if copy_from is not None:
        board_access_for_actor(actor=actor, board_id=copy_from.pk)  # NotFound unless visible
        structure, source = structure_of_board(copy_from), f"board:{copy_from.pk}"
    elif template is not None:
        if template.organisation_id not in (None, actor.organisation.pk):
            raise NotFound
        structure, source = template.structure, f"template:{template.key or template.pk}"
    else:
        raise BoardRuleError(_("Choose a template or a board to copy."))
    columns, lanes = validate_template_structure(structure)
    at = at or timezone.now()
    board = Board(
        organisation=actor.organisation,
        team=team,
        name=name.strip(),
        description=description,
        visibility=visibility,
        created_by=actor.user,
        created_at=at,
    )
    full_clean_or_refuse(
        board, exclude=("organisation", "team", "created_by"), error=BoardRuleError
    )
    if Board.objects.filter(team=team, name__iexact=board.name).exists():
        raise BoardRuleError(_("The team already has a board with this name."))
    try:
        with transaction.atomic():
            board.save()
    except IntegrityError as error:
        raise BoardRuleError(_("The team already has a board with this name.")) from error
    if can_be_named_manager(role):  # a member who creates a board manages it (leads always do)
        board.managers.add(actor.user)
    made_columns = Column.objects.bulk_create(
        _template_column(board, index, column, at) for index, column in enumerate(columns)
    )
    made_lanes = Swimlane.objects.bulk_create(
        Swimlane(
            organisation=actor.organisation, board=board, position=i, name=lane[:80], created_at=at
        )
        for i, lane in enumerate(lanes)
    )
    events = [history.board_created(board, by=actor.user, at=at, source=source)]
    # bulk_create sets the new keys on PostgreSQL and SQLite alike, so each part has its event.
    for column in made_columns:
        column.board = board
        events.append(history.column_created(column, by=actor.user, at=at))
    for lane in made_lanes:
        lane.board = board
        events.append(history.lane_created(lane, by=actor.user, at=at))
    history.record(*events)
    board_created.send(sender=Board, board=board, structure=structure, actor=actor)
    return board


@transaction.atomic
def board_update(
    *, actor: Actor, board: Board, at: datetime | None = None, **changes: Any
) -> Board:
    """Change the name, description or visibility of a board."""
    require_manage_board(board_access_for_actor(actor=actor, board_id=board.pk))
    locked = lock_board(board.pk)
    before = {field: getattr(locked, field) for field in BOARD_FIELDS}
    for field, value in changes.items():
        if field not in BOARD_FIELDS:
            raise TypeError(f"board_update cannot change {field}")
        setattr(locked, field, value.strip() if field == "name" else value)
    full_clean_or_refuse(
        locked, exclude=("organisation", "team", "created_by"), error=BoardRuleError
    )
    if "name" in changes and (
        Board.objects.filter(team_id=locked.team_id, name__iexact=locked.name)
        .exclude(pk=locked.pk)
        .exists()
    ):
        raise BoardRuleError(_("The team already has a board with this name."))
    changed = {
        field: (before[field], getattr(locked, field))
        for field in BOARD_FIELDS
        if before[field] != getattr(locked, field)
    }
    if not changed:
        return locked
    locked.save()
    at = at or timezone.now()
    if "description" in changed:  # sizes, not whole texts, as for a card's description
        old, new = changed["description"]
        changed["description"] = (len(old), len(new))
    history.record(history.board_changed(locked, by=actor.user, at=at, changes=changed))
    bump_board(locked, structure=True)
    return locked


@transaction.atomic
def board_set_archived(
    *, actor: Actor, board: Board, archived: bool, at: datetime | None = None
) -> Board:
    """Archive a board (it leaves the lists, keeps its history) or restore it."""
    require_manage_board(board_access_for_actor(actor=actor, board_id=board.pk))
    locked = lock_board(board.pk)
    if (locked.archived_at is not None) == archived:
        return locked
    at = at or timezone.now()
    locked.archived_at = at if archived else None
    locked.save(update_fields=["archived_at", "updated_at"])
    history.record(history.board_archived(locked, by=actor.user, at=at, archived=archived))
    bump_board(locked, structure=True)
    return locked


@transaction.atomic
def board_guest_set(*, actor: Actor, board: Board, user: User, invited: bool) -> None:
    """Invite a guest of the team to this board, or withdraw the invitation (who may see a
    board is in the audit log through the access signals, not in the board's history)."""
    require_manage_board(board_access_for_actor(actor=actor, board_id=board.pk))
    locked = lock_board(board.pk)
    is_team_guest = TeamMembership.objects.filter(
        team_id=locked.team_id, user=user, role=TeamMembership.Role.GUEST
    ).exists()
    if invited and not is_team_guest:
        raise BoardRuleError(_("Only guests of the team can be invited to one of its boards."))
    if invited:
        locked.guests.add(user)
    else:
        locked.guests.remove(user)
    bump_board(locked, structure=True)


@transaction.atomic
def board_manager_set(*, actor: Actor, board: Board, user: User, manager: bool) -> None:
    """Name a member of the team a manager of the board, or drop the naming (audited: it
    changes what a person may do). The team's leads are managers without being named."""
    require_manage_board(board_access_for_actor(actor=actor, board_id=board.pk))
    locked = lock_board(board.pk)
    role = (
        TeamMembership.objects.filter(team_id=locked.team_id, user=user)
        .values_list("role", flat=True)
        .first()
    )
    is_named = locked.managers.filter(pk=user.pk).exists()
    if manager and not can_be_named_manager(role):
        raise BoardRuleError(
            _("Only members of the team can be named managers: its leads already are.")
        )
    if manager == is_named:
        return
    if manager:
        locked.managers.add(user)
    else:
        locked.managers.remove(user)
    audit_record(
        action=AuditEvent.Action.ROLE_GRANTED if manager else AuditEvent.Action.ROLE_REVOKED,
        organisation=actor.organisation,
        actor=actor.user,
        target=locked,
        details={"user": user.pk, "role": BOARD_MANAGER_ROLE, "board": locked.pk},
    )
    bump_board(locked, structure=True)


def board_managers_withdraw(*, team_id: int, user_id: int) -> int:
    """Drop the namings as manager that a team's boards gave one person: called when they stop
    being a member of the team. Access already ignores them (`permissions.is_board_manager`);
    this keeps the settings page true. How many."""
    through = Board.managers.through
    count, _deleted = through.objects.filter(board__team_id=team_id, user_id=user_id).delete()
    if count:
        access_changed()
    return count


def board_guests_withdraw(*, team_id: int, user_id: int) -> int:
    """Withdraw every invitation a team's boards gave one person: called when they stop being
    a guest of the team (removed, or made a member), since a membership gave them. How many."""
    through = Board.guests.through
    invitations = through.objects.filter(board__team_id=team_id, user_id=user_id)
    board_ids = list(invitations.values_list("board_id", flat=True))
    if not board_ids:
        return 0
    invitations.delete()
    for board_id in board_ids:
        bump_board(lock_board(board_id), structure=True)
    return len(board_ids)
