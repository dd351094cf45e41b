"""The Definition of Done as a checklist on a card in a done column (decision 0048).

Each criterion of the board's Definition of Done (one a line) is ticked as an item of the
card's own checklist with the same text, so ticks keep one history and show on the card face."""

from dataclasses import dataclass

from officina.boards.models import Stage, WorkItem
from officina.boards.selectors.boards import BoardWithAccess
from officina.boards.selectors.cards import checklist_item_list
from officina.scrum.models import ScrumSettings


def criteria_of(text: str) -> list[str]:
    """The criteria of a Definition of Done: one a line, without list marks, at most 300
    characters each (the length of a checklist item), each once."""
    seen: dict[str, None] = {}
    for line in text.splitlines():
        criterion = line.strip(" -*\t")[:300]
        if criterion:
            seen.setdefault(criterion, None)
    return list(seen)


@dataclass(frozen=True)
class DoneCriterion:
    index: int
    text: str
    checked: bool


def done_checklist_for(*, seen: BoardWithAccess, card: WorkItem) -> list[DoneCriterion] | None:
    """The board's Definition of Done with what the card has ticked; None when the card is not
    in a done column or the board has no Definition of Done (no query for a card not done)."""
    if card.column.stage != Stage.DONE or card.board_id != seen.pk:
        return None
    settings = ScrumSettings.objects.filter(
        organisation_id=seen.board.organisation_id, board_id=seen.pk
    ).first()
    criteria = criteria_of(settings.definition_of_done) if settings else []
    if not criteria:
        return None
    ticked = {item.text for item in checklist_item_list(work_item=card) if item.is_done}
    return [
        DoneCriterion(index, text, text in ticked) for index, text in enumerate(criteria, start=1)
    ]
