"""Links between cards: "blocks" and "relates to", within one organisation."""

from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from officina.boards import history
from officina.boards.exceptions import BoardRuleError
from officina.boards.models import WorkItem, WorkItemLink
from officina.boards.permissions import require_edit_cards
from officina.boards.selectors.boards import board_access_for_actor
from officina.boards.services.cards import work_item_touch
from officina.boards.services.locking import lock_board
from officina.common.exceptions import NotFound
from officina.organisations.actor import Actor


@transaction.atomic
def work_item_link_create(
    *, actor: Actor, source: WorkItem, target: WorkItem, kind: str, at: datetime | None = None
) -> WorkItemLink:
    """Link `source` to `target`; the actor must see the target's board too."""
    require_edit_cards(board_access_for_actor(actor=actor, board_id=source.board_id))
    if target.organisation_id != actor.organisation.pk:
        raise NotFound
    board_access_for_actor(actor=actor, board_id=target.board_id)  # NotFound unless visible
    if source.pk == target.pk:
        raise BoardRuleError(_("A card cannot be linked to itself."))
    if kind not in WorkItemLink.Kind.values:
        raise BoardRuleError(_("Unknown kind of link."))
    locked = lock_board(source.board_id)
    at = at or timezone.now()
    try:
        with transaction.atomic():
            link = WorkItemLink.objects.create(
                organisation_id=source.organisation_id,
                source=source,
                target=target,
                kind=kind,
                created_by=actor.user,
                created_at=at,
            )
    except IntegrityError as error:
        raise BoardRuleError(_("The two cards are already linked this way.")) from error
    history.record(history.linked(source, by=actor.user, at=at, link=link, target=target))
    work_item_touch(locked_board=locked, work_item=source)
    return link


@transaction.atomic
def work_item_link_delete(*, actor: Actor, link: WorkItemLink, at: datetime | None = None) -> None:
    """Remove a link (from the card that holds it)."""
    source = link.source
    require_edit_cards(board_access_for_actor(actor=actor, board_id=source.board_id))
    locked = lock_board(source.board_id)
    history.record(
        history.unlinked(
            source, by=actor.user, at=at or timezone.now(), link=link, target=link.target
        )
    )
    link.delete()
    work_item_touch(locked_board=locked, work_item=source)
