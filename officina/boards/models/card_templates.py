"""Card templates of a board (a kind of request, written once) and recurring cards (0040)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from officina.boards.models.boards import Board, Label, Swimlane
from officina.boards.models.cards import MAX_DESCRIPTION_LENGTH
from officina.common.models import TenantModel


class CardTemplate(TenantModel):
    """What a new card starts from: its title, description, labels and checklist.

    The board's managers keep them in the board settings; "New card" offers them. A card made
    from a template keeps no link to it: changing the template changes only later cards.
    """

    board = models.ForeignKey(
        Board, on_delete=models.CASCADE, related_name="card_templates", verbose_name=_("board")
    )
    name = models.CharField(_("name"), max_length=80)
    title = models.CharField(_("title of the card"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=MAX_DESCRIPTION_LENGTH)
    labels = models.ManyToManyField(
        Label, blank=True, related_name="card_templates", verbose_name=_("labels")
    )
    checklist = models.JSONField(_("checklist"), default=list, blank=True)

    class Meta:
        verbose_name = _("card template")
        verbose_name_plural = _("card templates")
        ordering = ("board_id", "name")
        constraints = [
            models.UniqueConstraint(
                fields=["board", "name"], name="cardtemplate_unique_name_per_board"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class CardRecurrence(TenantModel):
    """A card the board gets again and again ("Verifica mensile backup" every first Monday).

    The daily task creates the card of the latest occurrence not yet served, in the first open
    column, from the template (or with `title`), and stores that occurrence's date in
    `last_occurrence`: the same occurrence never makes two cards (`recurrence.py`).
    """

    class Frequency(models.TextChoices):
        DAILY = "daily", _("Every day")
        WEEKLY = "weekly", _("Every week, on the chosen days")
        MONTHLY_DAY = "monthly_day", _("Every month, on a day of the month")
        MONTHLY_WEEKDAY = "monthly_weekday", _("Every month, on a weekday (e.g. the first Monday)")

    board = models.ForeignKey(
        Board, on_delete=models.CASCADE, related_name="recurrences", verbose_name=_("board")
    )
    template = models.ForeignKey(
        CardTemplate,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="recurrences",
        verbose_name=_("card template"),
    )
    title = models.CharField(_("title of the card"), max_length=200, blank=True)
    swimlane = models.ForeignKey(
        Swimlane,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("swimlane"),
    )
    frequency = models.CharField(_("repeats"), max_length=16, choices=Frequency.choices)
    weekdays = models.JSONField(_("weekdays"), default=list, blank=True)
    day_of_month = models.PositiveSmallIntegerField(_("day of the month"), null=True, blank=True)
    week_of_month = models.SmallIntegerField(_("week of the month"), null=True, blank=True)
    weekday = models.PositiveSmallIntegerField(_("weekday"), null=True, blank=True)
    starts_on = models.DateField(_("starts on"))
    last_occurrence = models.DateField(_("last occurrence served"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        verbose_name = _("recurring card")
        verbose_name_plural = _("recurring cards")
        ordering = ("board_id", "pk")

    def __str__(self) -> str:
        return self.title or (self.template.title if self.template else "")
