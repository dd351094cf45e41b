"""Cards and what hangs on them: checklist, comments, files, links, blocked intervals."""

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MaxLengthValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from officina.boards.models.boards import Board, Column, Label, Swimlane
from officina.boards.models.fields import CardFieldKind, card_field
from officina.common.models import TenantModel
from officina.common.uploads import storage_key

# Long enough for any real description (about ten pages), short enough that a pasted document
# or a bot cannot fill the database or the card page.
MAX_DESCRIPTION_LENGTH = 20_000


class WorkItem(TenantModel):
    """A card: one unit of work on a board, numbered per board (#12).

    The fields a person edits are marked with `card_field` (`models/fields.py`): the form, the
    API, the exports, the face and the history are built from those marks.
    """

    class ClassOfService(models.TextChoices):
        STANDARD = "standard", _("Standard")
        URGENT = "urgent", _("Urgent")
        FIXED_DATE = "fixed_date", _("Fixed date")
        INTANGIBLE = "intangible", _("Intangible")

    class Resolution(models.TextChoices):
        """How a card left the flow: only delivered work counts in throughput and cycle time."""

        DELIVERED = "delivered", _("Delivered")
        WONT_DO = "wont_do", _("Won't do")
        DUPLICATE = "duplicate", _("Duplicate")

    board = models.ForeignKey(
        Board, on_delete=models.CASCADE, related_name="work_items", verbose_name=_("board")
    )
    number = models.PositiveIntegerField(_("number"))
    title = card_field(
        models.CharField(_("title"), max_length=200),
        kind=CardFieldKind.TEXT,
        required=True,
        on_face=True,
    )
    description = card_field(
        models.TextField(
            _("description"),
            blank=True,
            max_length=MAX_DESCRIPTION_LENGTH,
            validators=[MaxLengthValidator(MAX_DESCRIPTION_LENGTH)],
            help_text=_("Markdown: **bold**, *italic*, lists with -, links [text](https://…)."),
        ),
        kind=CardFieldKind.MARKDOWN,
    )
    # Sanitised HTML of the description, rendered once per edit rather than on every view.
    description_html = models.TextField(editable=False, blank=True)
    column = models.ForeignKey(
        Column, on_delete=models.PROTECT, related_name="work_items", verbose_name=_("column")
    )
    swimlane = models.ForeignKey(
        Swimlane, on_delete=models.PROTECT, related_name="work_items", verbose_name=_("swimlane")
    )
    # Order inside (column, swimlane): the cards in progress by rank, then the ready ones by
    # rank. Ranks are sparse (`common.ranks`), so a move writes one row; the 0-based position
    # people and the API see is counted from them (`selectors.cards.with_position`).
    rank = models.BigIntegerField(_("rank"), default=0)
    # That position, where a read annotates it (`with_position`) or a move sets it.
    position: int
    # How many people follow the card (`CardWatch`): a change to a card nobody follows spends
    # no query on finding its followers.
    watcher_count = models.PositiveIntegerField(_("followers"), default=0, editable=False)
    assignees: "models.ManyToManyField[Any, Any]" = card_field(
        models.ManyToManyField(
            settings.AUTH_USER_MODEL,
            blank=True,
            related_name="assigned_work_items",
            verbose_name=_("assignees"),
        ),
        kind=CardFieldKind.PEOPLE,
        history_kind="assigned",
        on_face=True,
    )
    labels: "models.ManyToManyField[Label, Any]" = card_field(
        models.ManyToManyField(
            Label, blank=True, related_name="work_items", verbose_name=_("labels")
        ),
        kind=CardFieldKind.LABELS,
        history_kind="labelled",
        on_face=True,
    )
    due_date = card_field(
        models.DateField(_("due date"), null=True, blank=True),
        kind=CardFieldKind.DATE,
        on_face=True,
    )
    estimate = card_field(
        models.DecimalField(
            _("estimate (points)"),
            max_digits=6,
            decimal_places=1,
            null=True,
            blank=True,
            validators=[MinValueValidator(Decimal(0))],
        ),
        kind=CardFieldKind.DECIMAL,
        history_kind="estimated",
        on_face=True,
    )
    class_of_service = card_field(
        models.CharField(
            _("class of service"),
            max_length=12,
            choices=ClassOfService.choices,
            default=ClassOfService.STANDARD,
        ),
        kind=CardFieldKind.CHOICE,
        on_face=True,
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
    # Set when the card is archived (how it left the flow), empty while it is on the board.
    resolution = models.CharField(
        _("resolution"), max_length=12, choices=Resolution.choices, blank=True
    )

    class Meta:
        verbose_name = _("card")
        verbose_name_plural = _("cards")
        ordering = ("board_id", "number")
        constraints = [
            models.UniqueConstraint(fields=["board", "number"], name="workitem_number_per_board"),
        ]
        indexes = [
            models.Index(
                fields=["board", "column", "swimlane", "is_ready", "rank"],
                condition=Q(archived_at__isnull=True),
                name="workitem_open_cell_rank",
            ),
            models.Index(fields=["organisation", "archived_at"], name="workitem_org_archived"),
        ]

    def __str__(self) -> str:
        return f"#{self.number} {self.title}"


class CardWatch(TenantModel):
    """A person follows a card ("Segui questa scheda"): its changes reach them."""

    work_item = models.ForeignKey(
        WorkItem, on_delete=models.CASCADE, related_name="watches", verbose_name=_("card")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="card_watches",
        verbose_name=_("person"),
    )

    class Meta:
        verbose_name = _("card followed")
        verbose_name_plural = _("cards followed")
        constraints = [
            models.UniqueConstraint(fields=["work_item", "user"], name="cardwatch_once"),
        ]


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


class WorkItemAddress(TenantModel):
    """An address a card had on a board it has left: board and number lead to the card.

    A card keeps its row (and so its history, comments, files and links) when it moves to
    another board of the organisation; it takes the next number there, and its old address
    stays here so that bookmarks, links in comments and notifications keep working (decision
    0025). Numbers are never reused: a board's next number only grows.
    """

    board = models.ForeignKey(
        "boards.Board", on_delete=models.CASCADE, related_name="+", verbose_name=_("board")
    )
    number = models.PositiveIntegerField(_("number"))
    work_item = models.ForeignKey(
        WorkItem,
        on_delete=models.CASCADE,
        related_name="former_addresses",
        verbose_name=_("card"),
    )

    class Meta:
        verbose_name = _("former card address")
        verbose_name_plural = _("former card addresses")
        ordering = ("board_id", "number")
        constraints = [
            models.UniqueConstraint(fields=["board", "number"], name="workitemaddress_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.board_id}#{self.number}"
