"""Boards and their structure: templates, columns (with stage and WIP limit), lanes, labels."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from officina.common.models import BaseModel, TenantModel


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
    """A team's Kanban (or Scrum) board.

    Roles (decision 0039): its managers (the team's leads, and the members it names) change its
    structure and settings; the team's members work on its cards; the guests it invites comment,
    or also work on its cards, as `guest_rights` says.
    """

    class GuestRights(models.TextChoices):
        COMMENT = "comment", _("Comment only")
        EDIT = "edit", _("Create, edit and move cards, and comment")

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
    guest_rights = models.CharField(
        _("invited guests may"),
        max_length=10,
        choices=GuestRights.choices,
        default=GuestRights.COMMENT,
    )
    managers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="managed_boards",
        verbose_name=_("managers"),
        help_text=_(
            "Members of the team who manage the board's structure and settings, besides the "
            "team's leads."
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
