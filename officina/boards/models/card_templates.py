"""Card templates of a board: a recurring kind of request, written once (decision 0040)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from officina.boards.models.boards import Board, Label
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
