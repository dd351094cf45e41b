"""Card templates of a board: the managers keep them, "New card" starts from them (decision 0040).

Templates are settings, not work: they change no card, so they leave no board event and do not
advance the board's versions. Each write checks the actor manages the board, under its lock.
"""

from collections.abc import Iterable, Sequence

from django.db import transaction
from django.utils.translation import gettext as _

from officina.boards.exceptions import BoardRuleError
from officina.boards.models import Board, CardTemplate, Label
from officina.boards.permissions import require_manage_board
from officina.boards.selectors.boards import board_access_for_actor
from officina.boards.services.locking import lock_board
from officina.common.exceptions import full_clean_or_refuse
from officina.organisations.actor import Actor

MAX_TEMPLATE_CHECKLIST_ITEMS = 50
MAX_TEMPLATE_CHECKLIST_TEXT = 300


def _checked_checklist(checklist: Sequence[str]) -> list[str]:
    items = [item.strip() for item in checklist if item.strip()]
    if len(items) > MAX_TEMPLATE_CHECKLIST_ITEMS or any(
        len(item) > MAX_TEMPLATE_CHECKLIST_TEXT for item in items
    ):
        raise BoardRuleError(
            _("A checklist takes at most %(count)s items of %(length)s characters.")
            % {"count": MAX_TEMPLATE_CHECKLIST_ITEMS, "length": MAX_TEMPLATE_CHECKLIST_TEXT}
        )
    return items


def _board_labels(locked: Board, label_ids: Iterable[int]) -> list[Label]:
    wanted = set(label_ids)
    labels = list(Label.objects.filter(board=locked, pk__in=wanted))
    if len(labels) != len(wanted):
        raise BoardRuleError(_("A label belongs to another board."))
    return labels


def _save(  # noqa: PLR0913 - a template's fields
    template: CardTemplate,
    locked: Board,
    *,
    name: str,
    title: str,
    description: str,
    label_ids: Iterable[int],
    checklist: Sequence[str],
) -> CardTemplate:
    template.name, template.title = name.strip(), title.strip()
    template.description = description.replace("\r\n", "\n")
    template.checklist = _checked_checklist(checklist)
    full_clean_or_refuse(
        template, exclude=("organisation", "board", "labels"), error=BoardRuleError
    )
    same_name = CardTemplate.objects.filter(board=locked, name__iexact=template.name)
    if template.pk is not None:
        same_name = same_name.exclude(pk=template.pk)
    if same_name.exists():
        raise BoardRuleError(_("The board already has a card template with this name."))
    labels = _board_labels(locked, label_ids)
    template.save()
    template.labels.set(labels)
    return template


@transaction.atomic
def card_template_create(  # noqa: PLR0913 - a template's fields
    *,
    actor: Actor,
    board: Board,
    name: str,
    title: str,
    description: str = "",
    label_ids: Iterable[int] = (),
    checklist: Sequence[str] = (),
) -> CardTemplate:
    """A new card template of the board (managers only)."""
    require_manage_board(board_access_for_actor(actor=actor, board_id=board.pk))
    locked = lock_board(board.pk)
    template = CardTemplate(organisation_id=locked.organisation_id, board=locked)
    return _save(
        template,
        locked,
        name=name,
        title=title,
        description=description,
        label_ids=label_ids,
        checklist=checklist,
    )


@transaction.atomic
def card_template_update(  # noqa: PLR0913 - a template's fields
    *,
    actor: Actor,
    template: CardTemplate,
    name: str,
    title: str,
    description: str = "",
    label_ids: Iterable[int] = (),
    checklist: Sequence[str] = (),
) -> CardTemplate:
    """Change a card template (managers only); cards made from it stay as they are."""
    require_manage_board(board_access_for_actor(actor=actor, board_id=template.board_id))
    locked = lock_board(template.board_id)
    template = CardTemplate.objects.get(pk=template.pk, board_id=locked.pk)
    return _save(
        template,
        locked,
        name=name,
        title=title,
        description=description,
        label_ids=label_ids,
        checklist=checklist,
    )


@transaction.atomic
def card_template_delete(*, actor: Actor, template: CardTemplate) -> None:
    """Delete a card template (managers only); cards made from it stay as they are."""
    require_manage_board(board_access_for_actor(actor=actor, board_id=template.board_id))
    lock_board(template.board_id)
    CardTemplate.objects.filter(pk=template.pk, board_id=template.board_id).delete()
