"""Boards, their structure, work items and the append-only history analytics read.

A work item ("scheda") is the unit of work that Kanban, Scrum and the flow analytics share: the
board shows its current state, and `WorkItemEvent` records every change to it, so cycle time,
throughput, burndowns and the audit can be recomputed exactly from the log alone.
"""

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from officina.common.models import BaseModel, TenantModel
from officina.common.uploads import storage_key


class Stage(models.TextChoices):
    """Where a column sits in the flow; analytics define start and finish by it."""

    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")


class BoardTemplate(BaseModel):
    """A board structure as data: columns (with stage, WIP limit and policy) and swimlanes.

    Built-in templates have no organisation and are shared by every installation; an IT
    administrator adds the organisation's own ones in the admin.
    """

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
        help_text=_("Empty for the built-in templates that every organisation sees."),
    )
    key = models.SlugField(_("key"), max_length=50, blank=True)
    name = models.CharField(_("name"), max_length=100)
    description = models.CharField(_("description"), max_length=300, blank=True)
    structure = models.JSONField(
        _("structure"),
        help_text=_(
            'Columns and swimlanes, e.g. {"columns": [{"name": "Da fare", "stage": '
            '"not_started", "wip_limit": null, "wip_policy": "soft", "policy": ""}], '
            '"swimlanes": ["Attività"]}'
        ),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("board template")
        verbose_name_plural = _("board templates")
        ordering = ("position", "name")
        constraints = [
            models.UniqueConstraint(
                fields=["key"],
                condition=Q(organisation__isnull=True) & ~Q(key=""),
                name="boardtemplate_builtin_key_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.name


# Default orderings name foreign keys by their column ("board_id", not "board"): ordering by the
# relation would follow the related model's own ordering and join its table on every query.


class Board(TenantModel):
    """A team's Kanban (or Scrum) board."""

    class Visibility(models.TextChoices):
        TEAM = "team", _("Team members only")
        ENTI = "enti", _("The team's public bodies (read-only for non-members)")
        ORGANISATION = "organisation", _("The whole organisation (read-only for non-members)")

    team = models.ForeignKey(
        "organisations.Team",
        on_delete=models.CASCADE,
        related_name="boards",
        verbose_name=_("team"),
    )
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    visibility = models.CharField(
        _("visible to"), max_length=15, choices=Visibility.choices, default=Visibility.TEAM
    )
    guests = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="guest_boards",
        verbose_name=_("invited guests"),
        help_text=_(
            "Team guests (e.g. an external supplier) see only the boards they are invited to."
        ),
    )
    # Bumped in the same transaction as every change to the board or its cards: the page's ETag
    # and the real-time message carry it, so a client knows whether it has missed anything.
    version = models.PositiveBigIntegerField(_("version"), default=1)
    # Bumped when columns, lanes, labels or members change: part of each card fragment's cache key.
    structure_version = models.PositiveIntegerField(_("structure version"), default=1)
    next_number = models.PositiveIntegerField(_("next card number"), default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True)

    class Meta:
        verbose_name = _("board")
        verbose_name_plural = _("boards")
        ordering = ("team_id", "name")
        constraints = [
            models.UniqueConstraint(fields=["team", "name"], name="board_unique_name_per_team"),
        ]

    def __str__(self) -> str:
        return self.name


class Column(TenantModel):
    """A step of the board's process, with its stage, WIP limit and explicit policy."""

    class WipPolicy(models.TextChoices):
        SOFT = "soft", _("Warn (the column turns red)")
        HARD = "hard", _("Refuse (no card may enter beyond the limit)")

    board = models.ForeignKey(
        Board, on_delete=models.CASCADE, related_name="columns", verbose_name=_("board")
    )
    name = models.CharField(_("name"), max_length=80)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    stage = models.CharField(
        _("stage"), max_length=12, choices=Stage.choices, default=Stage.NOT_STARTED
    )
    wip_limit = models.PositiveSmallIntegerField(
        _("WIP limit"), null=True, blank=True, help_text=_("Most cards the column may hold.")
    )
    wip_policy = models.CharField(
        _("when the limit is reached"),
        max_length=4,
        choices=WipPolicy.choices,
        default=WipPolicy.SOFT,
    )
    policy = models.TextField(
        _("column policy"),
        blank=True,
        help_text=_('What a card needs to enter or leave this column ("definition of done").'),
    )
    is_collapsed = models.BooleanField(_("collapsed"), default=False)
    is_closed = models.BooleanField(
        _("closed"),
        default=False,
        help_text=_("A closed column keeps its cards and history but accepts no new cards."),
    )
    # A split column has an "in progress" and a "ready" part: a card finished here waits in
    # "ready" until the next column pulls it, and that wait is recorded (events READY/NOT_READY).
    # In each cell the cards in progress come first, then the ready ones (positions stay dense).
    is_split = models.BooleanField(
        _("split into 'in progress' and 'ready'"),
        default=False,
        help_text=_(
            "Cards finished here wait in the 'ready' part until someone pulls them into the next "
            "column; the time they wait is measured. Only for columns in progress."
        ),
    )

    class Meta:
        verbose_name = _("column")
        verbose_name_plural = _("columns")
        ordering = ("board_id", "position", "pk")

    def __str__(self) -> str:
        return self.name

    @property
    def has_hard_limit(self) -> bool:
        return self.wip_limit is not None and self.wip_policy == self.WipPolicy.HARD


class Swimlane(TenantModel):
    """A horizontal lane across the columns (per comune, or an "Urgente" expedite lane)."""

    board = models.ForeignKey(
        Board, on_delete=models.CASCADE, related_name="swimlanes", verbose_name=_("board")
    )
    name = models.CharField(_("name"), max_length=80)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_collapsed = models.BooleanField(_("collapsed"), default=False)

    class Meta:
        verbose_name = _("swimlane")
        verbose_name_plural = _("swimlanes")
        ordering = ("board_id", "position", "pk")

    def __str__(self) -> str:
        return self.name


class Label(TenantModel):
    """A coloured tag of one board."""

    class Colour(models.TextChoices):
        # Colours with at least 4.5:1 contrast against white text (WCAG 2.1 AA).
        BLUE = "blue", _("Blue")
        GREEN = "green", _("Green")
        RED = "red", _("Red")
        ORANGE = "orange", _("Orange")
        PURPLE = "purple", _("Purple")
        GREY = "grey", _("Grey")
        TEAL = "teal", _("Teal")
        BROWN = "brown", _("Brown")

    board = models.ForeignKey(
        Board, on_delete=models.CASCADE, related_name="labels", verbose_name=_("board")
    )
    name = models.CharField(_("name"), max_length=40)
    colour = models.CharField(
        _("colour"), max_length=10, choices=Colour.choices, default=Colour.BLUE
    )

    class Meta:
        verbose_name = _("label")
        verbose_name_plural = _("labels")
        ordering = ("board_id", "name")
        constraints = [
            models.UniqueConstraint(fields=["board", "name"], name="label_unique_name_per_board"),
        ]

    def __str__(self) -> str:
        return self.name


class WorkItem(TenantModel):
    """A card: one unit of work on a board, numbered per board (#12)."""

    class ClassOfService(models.TextChoices):
        STANDARD = "standard", _("Standard")
        URGENT = "urgent", _("Urgent")
        FIXED_DATE = "fixed_date", _("Fixed date")
        INTANGIBLE = "intangible", _("Intangible")

    board = models.ForeignKey(
        Board, on_delete=models.CASCADE, related_name="work_items", verbose_name=_("board")
    )
    number = models.PositiveIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown."))
    # Sanitised HTML of the description, rendered once per edit rather than on every view.
    description_html = models.TextField(editable=False, blank=True)
    column = models.ForeignKey(
        Column, on_delete=models.PROTECT, related_name="work_items", verbose_name=_("column")
    )
    swimlane = models.ForeignKey(
        Swimlane, on_delete=models.PROTECT, related_name="work_items", verbose_name=_("swimlane")
    )
    # Dense 0-based order inside (column, swimlane) among cards not archived; kept dense by the
    # move service under the board's row lock.
    position = models.PositiveIntegerField(_("position"), default=0)
    assignees = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="assigned_work_items",
        verbose_name=_("assignees"),
    )
    labels = models.ManyToManyField(
        Label, blank=True, related_name="work_items", verbose_name=_("labels")
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    estimate = models.DecimalField(
        _("estimate (points)"), max_digits=6, decimal_places=1, null=True, blank=True
    )
    class_of_service = models.CharField(
        _("class of service"),
        max_length=12,
        choices=ClassOfService.choices,
        default=ClassOfService.STANDARD,
    )
    is_blocked = models.BooleanField(_("blocked"), default=False)
    # In the "ready" part of a split column (always False elsewhere).
    is_ready = models.BooleanField(_("ready"), default=False)
    blocked_reason = models.CharField(_("reason for the block"), max_length=300, blank=True)
    # Optimistic concurrency: every change bumps it; an edit made on an older version is refused.
    version = models.PositiveIntegerField(_("version"), default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    column_entered_at = models.DateTimeField(_("entered the column at"), default=timezone.now)
    # Start and finish points of the flow (see docs: a move back before the start erases it).
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True)

    class Meta:
        verbose_name = _("card")
        verbose_name_plural = _("cards")
        ordering = ("board_id", "number")
        constraints = [
            models.UniqueConstraint(fields=["board", "number"], name="workitem_number_per_board"),
        ]
        indexes = [
            models.Index(
                fields=["board", "column", "swimlane", "position"],
                condition=Q(archived_at__isnull=True),
                name="workitem_open_cell",
            ),
            models.Index(fields=["organisation", "archived_at"], name="workitem_org_archived"),
        ]

    def __str__(self) -> str:
        return f"#{self.number} {self.title}"


class ChecklistItem(TenantModel):
    work_item = models.ForeignKey(
        WorkItem, on_delete=models.CASCADE, related_name="checklist", verbose_name=_("card")
    )
    text = models.CharField(_("text"), max_length=300)
    is_done = models.BooleanField(_("done"), default=False)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ("work_item_id", "position", "pk")

    def __str__(self) -> str:
        return self.text


class Comment(TenantModel):
    work_item = models.ForeignKey(
        WorkItem, on_delete=models.CASCADE, related_name="comments", verbose_name=_("card")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("author"),
    )
    body = models.TextField(_("comment"), help_text=_("Markdown; @name mentions a team member."))
    body_html = models.TextField(editable=False, blank=True)
    mentions = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("mentioned")
    )
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ("work_item_id", "created_at", "pk")

    def __str__(self) -> str:
        return self.body[:60]


def _attachment_path(instance: "Attachment", filename: str) -> str:
    # A random name: the original one is kept in the row, never trusted as a path.
    return storage_key("attachments", instance.organisation_id)


class Attachment(TenantModel):
    """A file on a card, stored through Django's storage API and served only after a check."""

    work_item = models.ForeignKey(
        WorkItem, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("card")
    )
    file = models.FileField(_("file"), upload_to=_attachment_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ("work_item_id", "created_at", "pk")

    def __str__(self) -> str:
        return self.original_name


class WorkItemLink(TenantModel):
    """A relation between two cards of the same organisation: "blocks" or "relates to"."""

    class Kind(models.TextChoices):
        BLOCKS = "blocks", _("blocks")
        RELATES = "relates", _("relates to")

    source = models.ForeignKey(
        WorkItem, on_delete=models.CASCADE, related_name="links_out", verbose_name=_("card")
    )
    target = models.ForeignKey(
        WorkItem, on_delete=models.CASCADE, related_name="links_in", verbose_name=_("linked card")
    )
    kind = models.CharField(_("relation"), max_length=10, choices=Kind.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        verbose_name = _("card link")
        verbose_name_plural = _("card links")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "target", "kind"], name="workitemlink_unique"
            ),
            models.CheckConstraint(
                condition=~Q(source=models.F("target")), name="workitemlink_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.get_kind_display()} {self.target}"


class BlockedInterval(TenantModel):
    """When a card was blocked and why; an open interval has no end yet."""

    work_item = models.ForeignKey(
        WorkItem, on_delete=models.CASCADE, related_name="blocked_intervals", verbose_name=_("card")
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    started_at = models.DateTimeField(_("blocked at"))
    ended_at = models.DateTimeField(_("unblocked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("blocked interval")
        verbose_name_plural = _("blocked intervals")
        ordering = ("work_item_id", "started_at")
        constraints = [
            models.UniqueConstraint(
                fields=["work_item"],
                condition=Q(ended_at__isnull=True),
                name="blockedinterval_one_open",
            ),
        ]


class ImmutableQuerySet(models.QuerySet["WorkItemEvent"]):
    """The history is append-only: bulk updates and deletes are refused."""

    def update(self, **kwargs: Any) -> int:
        raise TypeError("Work item events are immutable.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise TypeError("Work item events are immutable.")


class WorkItemEvent(TenantModel):
    """One change to a card, with who and when. Never changed or deleted after it is written.

    Moves carry the columns, lanes and stages before and after in their own indexed fields, so
    flow analytics (cycle time, throughput, cumulative flow) are plain queries over this table.
    Other changes keep what changed in `data` ({"field": [before, after]}).
    """

    class Kind(models.TextChoices):
        CREATED = "created", _("created")
        MOVED = "moved", _("moved")
        REORDERED = "reordered", _("reordered")
        READY = "ready", _("marked ready")
        NOT_READY = "not_ready", _("back in progress")
        EDITED = "edited", _("edited")
        ASSIGNED = "assigned", _("assigned")
        UNASSIGNED = "unassigned", _("unassigned")
        ESTIMATED = "estimated", _("estimated")
        LABELLED = "labelled", _("labels changed")
        BLOCKED = "blocked", _("blocked")
        UNBLOCKED = "unblocked", _("unblocked")
        ARCHIVED = "archived", _("archived")
        RESTORED = "restored", _("restored")
        COMMENTED = "commented", _("commented")
        ATTACHED = "attached", _("file attached")
        LINKED = "linked", _("linked")

    board = models.ForeignKey(
        Board, on_delete=models.CASCADE, related_name="events", verbose_name=_("board")
    )
    work_item = models.ForeignKey(
        WorkItem, on_delete=models.CASCADE, related_name="events", verbose_name=_("card")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )
    occurred_at = models.DateTimeField(_("when"), default=timezone.now)
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
    data = models.JSONField(_("details"), default=dict, blank=True)

    objects: ClassVar[models.Manager["WorkItemEvent"]] = ImmutableQuerySet.as_manager()

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

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise TypeError("Work item events are immutable.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise TypeError("Work item events are immutable.")
