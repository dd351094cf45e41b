"""The boards' append-only history: every change to a card, and every change to a board's
structure. Flow analytics, burndowns, importers and the audit read it; nothing rewrites it.

Rows are written only by `officina.boards.history` (one typed constructor per kind, where the
`data` of each kind is documented). The one change ever made to a written row is the erasure
of personal details once it is older than the retention period (R-37), also done there.
"""

from typing import Any, ClassVar, TypeVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from officina.boards.models.boards import Board, Column, Stage, Swimlane
from officina.boards.models.cards import WorkItem
from officina.common.models import TenantModel

E = TypeVar("E", bound=models.Model)

KIND_MAX_LENGTH = 32


class ImmutableQuerySet(models.QuerySet[E]):
    """The history is append-only: bulk updates and deletes are refused."""

    def update(self, **kwargs: Any) -> int:
        raise TypeError("History events are immutable.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise TypeError("History events are immutable.")

    def erase_personal_details(self, **values: Any) -> int:
        """The retention run's one sanctioned change (`history.erase_personal_details`)."""
        return models.QuerySet.update(self, **values)


class ImmutableEvent(TenantModel):
    """Saved once, never changed or deleted by the ORM's usual ways."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )
    occurred_at = models.DateTimeField(_("when"), default=timezone.now)
    data = models.JSONField(_("details"), default=dict, blank=True)
    # When the retention run erased the person who acted and the personal details of `data`.
    redacted_at = models.DateTimeField(_("personal details erased at"), null=True, blank=True)

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise TypeError("History events are immutable.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise TypeError("History events are immutable.")


class WorkItemEvent(ImmutableEvent):
    """One change to a card, with who and when.

    Moves carry the columns, lanes and stages before and after in their own indexed fields, so
    flow analytics (cycle time, throughput, cumulative flow) are plain queries over this table.
    Other changes keep what changed in `data` (documented per kind in `boards.history`).
    """

    class Kind(models.TextChoices):
        CREATED = "created", _("created")
        MOVED = "moved", _("moved")
        REORDERED = "reordered", _("reordered")
        READY = "ready", _("marked ready")
        NOT_READY = "not_ready", _("back in progress")
        RESTAGED = "restaged", _("stage changed with its column")
        EDITED = "edited", _("edited")
        ASSIGNED = "assigned", _("assigned")
        UNASSIGNED = "unassigned", _("unassigned")
        ESTIMATED = "estimated", _("estimated")
        LABELLED = "labelled", _("labels changed")
        BLOCKED = "blocked", _("blocked")
        BLOCK_REASON_CHANGED = "block_reason_changed", _("reason for the block changed")
        UNBLOCKED = "unblocked", _("unblocked")
        ARCHIVED = "archived", _("archived")
        RESTORED = "restored", _("restored")
        COMMENTED = "commented", _("commented")
        ATTACHED = "attached", _("file attached")
        DETACHED = "detached", _("file removed")
        LINKED = "linked", _("linked")
        UNLINKED = "unlinked", _("link removed")
        LEFT_BOARD = "left_board", _("moved to another board")
        ENTERED_BOARD = "entered_board", _("arrived from another board")
        CHECKED = "checked", _("checklist item ticked")
        UNCHECKED = "unchecked", _("checklist item unticked")

    board = models.ForeignKey(
        Board, on_delete=models.CASCADE, related_name="events", verbose_name=_("board")
    )
    work_item = models.ForeignKey(
        WorkItem, on_delete=models.CASCADE, related_name="events", verbose_name=_("card")
    )
    kind = models.CharField(_("kind"), max_length=KIND_MAX_LENGTH, choices=Kind.choices)
    from_column = models.ForeignKey(
        Column,
        on_delete=models.RESTRICT,
        null=True,
        related_name="+",
        verbose_name=_("from column"),
    )
    to_column = models.ForeignKey(
        Column, on_delete=models.RESTRICT, null=True, related_name="+", verbose_name=_("to column")
    )
    from_swimlane = models.ForeignKey(
        Swimlane,
        on_delete=models.RESTRICT,
        null=True,
        related_name="+",
        verbose_name=_("from lane"),
    )
    to_swimlane = models.ForeignKey(
        Swimlane, on_delete=models.RESTRICT, null=True, related_name="+", verbose_name=_("to lane")
    )
    from_stage = models.CharField(_("from stage"), max_length=12, choices=Stage.choices, blank=True)
    to_stage = models.CharField(_("to stage"), max_length=12, choices=Stage.choices, blank=True)

    objects: ClassVar[ImmutableQuerySet["WorkItemEvent"]] = ImmutableQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("card event")
        verbose_name_plural = _("card events")
        ordering = ("occurred_at", "pk")
        indexes = [
            models.Index(fields=["board", "occurred_at"], name="event_board_time"),
            models.Index(fields=["work_item", "occurred_at"], name="event_item_time"),
            models.Index(fields=["organisation", "occurred_at"], name="event_org_time"),
        ]

    def __str__(self) -> str:
        return f"{self.work_item_id} {self.kind} {self.occurred_at:%Y-%m-%d %H:%M}"


class BoardEvent(ImmutableEvent):
    """One change to a board or its structure: a column or lane created, renamed, re-staged,
    reordered, split, closed or deleted, with its position and stage.

    Columns and lanes are named by id without a foreign key, so the event outlives a deleted
    column; `data` keeps its name, position and stage at the time (see `boards.history`).
    """

    class Kind(models.TextChoices):
        BOARD_CREATED = "board_created", _("board created")
        BOARD_CHANGED = "board_changed", _("board settings changed")
        BOARD_ARCHIVED = "board_archived", _("board archived")
        BOARD_RESTORED = "board_restored", _("board restored")
        COLUMN_CREATED = "column_created", _("column added")
        COLUMN_RENAMED = "column_renamed", _("column renamed")
        COLUMN_RESTAGED = "column_restaged", _("column stage changed")
        COLUMN_REORDERED = "column_reordered", _("column moved")
        COLUMN_SPLIT = "column_split", _("column split into in progress and ready")
        COLUMN_UNSPLIT = "column_unsplit", _("column no longer split")
        COLUMN_CLOSED = "column_closed", _("column closed")
        COLUMN_REOPENED = "column_reopened", _("column reopened")
        COLUMN_LIMIT_CHANGED = "column_limit_changed", _("column WIP limit changed")
        COLUMN_DELETED = "column_deleted", _("column deleted")
        LANE_CREATED = "lane_created", _("swimlane added")
        LANE_RENAMED = "lane_renamed", _("swimlane renamed")
        LANE_REORDERED = "lane_reordered", _("swimlane moved")
        LANE_DELETED = "lane_deleted", _("swimlane deleted")

    board = models.ForeignKey(
        Board, on_delete=models.CASCADE, related_name="structure_events", verbose_name=_("board")
    )
    kind = models.CharField(_("kind"), max_length=KIND_MAX_LENGTH, choices=Kind.choices)
    column_ref = models.PositiveBigIntegerField(_("column"), null=True, blank=True)
    swimlane_ref = models.PositiveBigIntegerField(_("swimlane"), null=True, blank=True)

    objects: ClassVar[ImmutableQuerySet["BoardEvent"]] = ImmutableQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("board event")
        verbose_name_plural = _("board events")
        ordering = ("occurred_at", "pk")
        indexes = [
            models.Index(fields=["board", "occurred_at"], name="boardevent_board_time"),
            models.Index(fields=["organisation", "occurred_at"], name="boardevent_org_time"),
        ]

    def __str__(self) -> str:
        return f"{self.board_id} {self.kind} {self.occurred_at:%Y-%m-%d %H:%M}"
