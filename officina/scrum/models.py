"""Scrum on the same cards: a board's Scrum settings, its backlog entries, epics and sprints.

A backlog item is a card of the board (`boards.WorkItem`): its title, estimate, column and
history are the card's. This app keeps only what Scrum adds to it (type, epic, acceptance
criteria, the Definition of Ready mark, the backlog rank and the sprint), and the ledger of
sprint membership (`SprintEvent`) from which the sprint report is computed (decision 0041).
Retrospectives (`Retrospective`, `RetroNote`, `RetroVote`, `RetroAction`) are decision 0047.
"""

from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from officina.boards.models import Board, ImmutableEvent, ImmutableQuerySet, WorkItem
from officina.common.models import TenantModel
from officina.scrum.retro_formats import COLUMN_KEY_LENGTH, DEFAULT_FORMAT, FORMAT_CHOICES

MAX_CRITERIA_LENGTH = 5_000


class EstimateScale(models.TextChoices):
    FIBONACCI = "fibonacci", _("Fibonacci (1, 2, 3, 5, 8, 13, 21)")
    TSHIRT = "tshirt", _("T-shirt sizes (XS, S, M, L, XL)")


class ScrumSettings(TenantModel):
    """A board that is a Scrum board: its estimate scale, Definition of Ready and of Done.

    A board without this row is a Kanban board; switching Scrum on creates it.
    """

    board = models.OneToOneField(
        Board, on_delete=models.CASCADE, related_name="scrum_settings", verbose_name=_("board")
    )
    estimate_scale = models.CharField(
        _("estimate scale"),
        max_length=10,
        choices=EstimateScale.choices,
        default=EstimateScale.FIBONACCI,
    )
    definition_of_ready = models.TextField(
        _("Definition of Ready"),
        blank=True,
        max_length=MAX_CRITERIA_LENGTH,
        help_text=_("One condition a line: what a story needs before the team plans it."),
    )
    definition_of_done = models.TextField(
        _("Definition of Done"),
        blank=True,
        max_length=MAX_CRITERIA_LENGTH,
        help_text=_("One condition a line: what every story needs to count as done."),
    )
    show_guides = models.BooleanField(
        _("show the guides"),
        default=True,
        help_text=_("A short guide at the top of each Scrum page, until the team hides it."),
    )

    class Meta:
        verbose_name = _("Scrum settings")
        verbose_name_plural = _("Scrum settings")
        ordering = ("board_id",)

    def __str__(self) -> str:
        return str(self.board_id)


class Epic(TenantModel):
    """A large piece of work that groups backlog items of one board."""

    board = models.ForeignKey(
        Board, on_delete=models.CASCADE, related_name="epics", verbose_name=_("board")
    )
    name = models.CharField(_("name"), max_length=120)

    class Meta:
        verbose_name = _("epic")
        verbose_name_plural = _("epics")
        ordering = ("board_id", "name")
        constraints = [
            models.UniqueConstraint(fields=["board", "name"], name="epic_unique_name_per_board"),
        ]

    def __str__(self) -> str:
        return self.name


class ItemType(models.TextChoices):
    STORY = "story", _("Story")
    TASK = "task", _("Task")
    BUG = "bug", _("Bug")


class Sprint(TenantModel):
    """A time box of a Scrum board, with a goal; at most one runs at a time on a board."""

    class State(models.TextChoices):
        PLANNED = "planned", _("Planned")
        ACTIVE = "active", _("Active")
        CLOSED = "closed", _("Closed")

    board = models.ForeignKey(
        Board, on_delete=models.CASCADE, related_name="sprints", verbose_name=_("board")
    )
    name = models.CharField(_("name"), max_length=120)
    goal = models.TextField(_("sprint goal"), blank=True, max_length=MAX_CRITERIA_LENGTH)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    state = models.CharField(_("state"), max_length=8, choices=State.choices, default="planned")
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        verbose_name = _("sprint")
        verbose_name_plural = _("sprints")
        ordering = ("board_id", "start_date", "pk")
        constraints = [
            models.UniqueConstraint(
                fields=["board"], condition=Q(state="active"), name="sprint_one_active_per_board"
            ),
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")), name="sprint_ends_after_start"
            ),
        ]
        indexes = [models.Index(fields=["organisation", "board", "state"], name="sprint_state")]

    def __str__(self) -> str:
        return self.name


class BacklogItem(TenantModel):
    """What Scrum adds to a card: its type, epic, acceptance criteria, ready mark, its rank
    in the backlog and the sprint it is planned in (none: it is in the product backlog).

    The estimate is the card's own (`WorkItem.estimate`), so a re-estimate is one event in the
    card's history. A card of a Scrum board without this row sits at the bottom of the backlog
    until someone orders or plans it.
    """

    work_item = models.OneToOneField(
        WorkItem, on_delete=models.CASCADE, related_name="backlog_item", verbose_name=_("card")
    )
    board = models.ForeignKey(
        Board, on_delete=models.CASCADE, related_name="+", verbose_name=_("board")
    )
    sprint = models.ForeignKey(
        Sprint,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="items",
        verbose_name=_("sprint"),
    )
    # Sparse rank (`common.ranks`): the backlog's order, and the sprint's while planned in one.
    rank = models.BigIntegerField(_("rank"), default=0)
    item_type = models.CharField(
        _("type"), max_length=5, choices=ItemType.choices, default=ItemType.STORY
    )
    epic = models.ForeignKey(
        Epic,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="items",
        verbose_name=_("epic"),
    )
    acceptance_criteria = models.TextField(
        _("acceptance criteria"), blank=True, max_length=MAX_CRITERIA_LENGTH
    )
    is_ready = models.BooleanField(
        _("ready"), default=False, help_text=_("It meets the team's Definition of Ready.")
    )

    class Meta:
        verbose_name = _("backlog item")
        verbose_name_plural = _("backlog items")
        ordering = ("board_id", "rank")
        indexes = [models.Index(fields=["board", "sprint", "rank"], name="backlogitem_rank")]

    def __str__(self) -> str:
        return str(self.work_item_id)


class SprintEvent(ImmutableEvent):
    """One change to a sprint's scope, append-only: the ledger of the sprint report.

    `points` is the card's estimate at the time (null: not estimated). `data` says, for
    committed and added, whether the card was already done (`{"done": bool}`), and for
    carried_over where it went (`{"to": "backlog"}` or `{"to": <sprint id>}`). Work done and
    re-estimates are read from the card's own history (`boards.WorkItemEvent`).
    """

    class Kind(models.TextChoices):
        COMMITTED = "committed", _("committed at the start")
        ADDED = "added", _("added after the start")
        REMOVED = "removed", _("removed after the start")
        COMPLETED = "completed", _("completed at the close")
        CARRIED_OVER = "carried_over", _("carried over at the close")

    sprint = models.ForeignKey(
        Sprint, on_delete=models.CASCADE, related_name="events", verbose_name=_("sprint")
    )
    work_item = models.ForeignKey(
        WorkItem, on_delete=models.CASCADE, related_name="+", verbose_name=_("card")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    points = models.DecimalField(_("points"), max_digits=6, decimal_places=1, null=True, blank=True)

    objects: ClassVar[ImmutableQuerySet["SprintEvent"]] = ImmutableQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("sprint event")
        verbose_name_plural = _("sprint events")
        ordering = ("occurred_at", "pk")
        indexes = [models.Index(fields=["sprint", "occurred_at"], name="sprintevent_time")]

    def __str__(self) -> str:
        return f"{self.sprint_id} {self.kind} {self.work_item_id}"


class PokerSession(TenantModel):
    """A live estimation ("planning poker") of a Scrum board: at most one open per board.

    Its rounds are the story being estimated and each re-vote; `version` grows with every change,
    so a browser that missed a notice catches up (decision 0045).
    """

    board = models.ForeignKey(
        Board, on_delete=models.CASCADE, related_name="+", verbose_name=_("board")
    )
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("facilitator"),
    )
    created_at = models.DateTimeField(_("created at"))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=0)

    class Meta:
        verbose_name = _("estimation session")
        verbose_name_plural = _("estimation sessions")
        ordering = ("board_id", "created_at", "pk")
        constraints = [
            models.UniqueConstraint(
                fields=["board"],
                condition=Q(closed_at__isnull=True),
                name="poker_one_open_session_per_board",
            ),
        ]

    def __str__(self) -> str:
        return str(self.board_id)


class PokerRound(TenantModel):
    """One round of votes on one story; a re-vote is a new round on the same story."""

    session = models.ForeignKey(
        PokerSession, on_delete=models.CASCADE, related_name="rounds", verbose_name=_("session")
    )
    work_item = models.ForeignKey(
        WorkItem, on_delete=models.CASCADE, related_name="+", verbose_name=_("card")
    )
    number = models.PositiveSmallIntegerField(_("round"), default=1)
    started_at = models.DateTimeField(_("started at"))
    revealed_at = models.DateTimeField(_("revealed at"), null=True, blank=True)
    accepted_estimate = models.DecimalField(
        _("accepted estimate"), max_digits=6, decimal_places=1, null=True, blank=True
    )
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("estimation round")
        verbose_name_plural = _("estimation rounds")
        ordering = ("session_id", "started_at", "pk")

    def __str__(self) -> str:
        return f"{self.work_item_id} #{self.number}"


class PokerVote(TenantModel):
    """One person's card in a round: a label of the board's scale, "?" or "pause"."""

    round = models.ForeignKey(
        PokerRound, on_delete=models.CASCADE, related_name="votes", verbose_name=_("round")
    )
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("voter"),
    )
    value = models.CharField(_("vote"), max_length=8)
    voted_at = models.DateTimeField(_("voted at"))

    class Meta:
        verbose_name = _("estimation vote")
        verbose_name_plural = _("estimation votes")
        ordering = ("round_id", "voted_at", "pk")
        constraints = [
            models.UniqueConstraint(fields=["round", "voter"], name="poker_one_vote_per_person"),
        ]

    def __str__(self) -> str:
        return f"{self.round_id} {self.voter_id}"


class GoalMet(models.TextChoices):
    YES = "yes", _("Yes")
    PARTLY = "partly", _("Partly")
    NO = "no", _("No")


class ReviewOutcome(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    REWORK = "rework", _("To rework")
    NOT_SHOWN = "not_shown", _("Not shown")


MAX_REVIEW_NOTE_LENGTH = 300


class SprintReview(TenantModel):
    """The sprint review of a started sprint: whether its goal was met and the general notes
    (who attended, the stakeholders' feedback). One per sprint; its stories' outcomes are
    `SprintReviewItem` rows (decision 0048)."""

    sprint = models.OneToOneField(
        Sprint, on_delete=models.CASCADE, related_name="review", verbose_name=_("sprint")
    )
    goal_met = models.CharField(
        _("sprint goal met"), max_length=6, choices=GoalMet.choices, blank=True
    )
    notes = models.TextField(_("notes"), blank=True, max_length=MAX_CRITERIA_LENGTH)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("last changed by"),
    )

    class Meta:
        verbose_name = _("sprint review")
        verbose_name_plural = _("sprint reviews")
        ordering = ("sprint_id",)

    def __str__(self) -> str:
        return str(self.sprint_id)


class SprintReviewItem(TenantModel):
    """The outcome of one story of the sprint at its review, with a short note."""

    review = models.ForeignKey(
        SprintReview, on_delete=models.CASCADE, related_name="items", verbose_name=_("review")
    )
    work_item = models.ForeignKey(
        WorkItem, on_delete=models.CASCADE, related_name="+", verbose_name=_("card")
    )
    outcome = models.CharField(_("outcome"), max_length=9, choices=ReviewOutcome.choices)
    note = models.CharField(_("note"), max_length=MAX_REVIEW_NOTE_LENGTH, blank=True)

    class Meta:
        verbose_name = _("sprint review outcome")
        verbose_name_plural = _("sprint review outcomes")
        ordering = ("review_id", "pk")
        constraints = [
            models.UniqueConstraint(
                fields=["review", "work_item"], name="sprintreview_one_outcome_per_card"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.review_id} {self.work_item_id} {self.outcome}"


DEFAULT_DOTS = 3
MAX_DOTS = 10
MAX_NOTE_LENGTH = 1_000


class Retrospective(TenantModel):
    """A retrospective of a Scrum board, in one format (`retro_formats.FORMATS`), optionally
    about one sprint of that board. Closed: frozen, nothing on it changes any more."""

    board = models.ForeignKey(
        Board, on_delete=models.CASCADE, related_name="+", verbose_name=_("board")
    )
    sprint = models.ForeignKey(
        Sprint,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="retrospectives",
        verbose_name=_("sprint"),
    )
    title = models.CharField(_("title"), max_length=120)
    format = models.CharField(
        _("format"), max_length=20, choices=FORMAT_CHOICES, default=DEFAULT_FORMAT
    )
    dots_per_person = models.PositiveSmallIntegerField(
        _("dots per person"),
        default=DEFAULT_DOTS,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_DOTS)],
    )
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("facilitator"),
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("retrospective")
        verbose_name_plural = _("retrospectives")
        ordering = ("board_id", "-created_at", "-pk")
        indexes = [
            models.Index(fields=["organisation", "board", "created_at"], name="retro_board_time")
        ]

    def __str__(self) -> str:
        return self.title


class RetroNote(TenantModel):
    """A card on the retrospective's wall, in one column of its format.

    An anonymous note has no author at all (null): nothing stored tells who wrote it. `group`
    puts the note under another note of the same retrospective (the group's heading); a
    heading has no group itself.
    """

    retrospective = models.ForeignKey(
        Retrospective,
        on_delete=models.CASCADE,
        related_name="notes",
        verbose_name=_("retrospective"),
    )
    column = models.CharField(_("column"), max_length=COLUMN_KEY_LENGTH)
    text = models.TextField(_("text"), max_length=MAX_NOTE_LENGTH)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )
    group = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="grouped",
        verbose_name=_("group"),
    )

    class Meta:
        verbose_name = _("retrospective note")
        verbose_name_plural = _("retrospective notes")
        ordering = ("retrospective_id", "pk")

    def __str__(self) -> str:
        return self.text[:40]


class RetroVote(TenantModel):
    """One dot of one person on one note: at most one a note, at most the retrospective's
    `dots_per_person` in all (the service counts them under the retrospective's lock)."""

    note = models.ForeignKey(
        RetroNote, on_delete=models.CASCADE, related_name="votes", verbose_name=_("note")
    )
    retrospective = models.ForeignKey(
        Retrospective, on_delete=models.CASCADE, related_name="+", verbose_name=_("retrospective")
    )
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("voter"),
    )

    class Meta:
        verbose_name = _("retrospective vote")
        verbose_name_plural = _("retrospective votes")
        ordering = ("note_id", "pk")
        constraints = [
            models.UniqueConstraint(fields=["note", "voter"], name="retro_one_dot_per_note"),
        ]
        indexes = [models.Index(fields=["retrospective", "voter"], name="retrovote_dots")]

    def __str__(self) -> str:
        return f"{self.note_id} {self.voter_id}"


class RetroAction(TenantModel):
    """An improvement the retrospective decided: a card of the board's backlog (its owner is
    the card's assignee), made from one of its notes or written fresh."""

    retrospective = models.ForeignKey(
        Retrospective,
        on_delete=models.CASCADE,
        related_name="actions",
        verbose_name=_("retrospective"),
    )
    work_item = models.OneToOneField(
        WorkItem, on_delete=models.CASCADE, related_name="retro_action", verbose_name=_("card")
    )
    note = models.ForeignKey(
        RetroNote,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("note"),
    )

    class Meta:
        verbose_name = _("retrospective action")
        verbose_name_plural = _("retrospective actions")
        ordering = ("retrospective_id", "pk")

    def __str__(self) -> str:
        return str(self.work_item_id)
