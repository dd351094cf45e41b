"""Links between cards: "blocks" and "relates to", within one organisation."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from officina.boards.exceptions import BoardRuleError
from officina.boards.models import WorkItem, WorkItemEvent, WorkItemLink
from officina.boards.permissions import require_edit_cards
from officina.boards.selectors import board_access_for_actor
from officina.boards.services.cards import work_item_touch
from officina.boards.services.locking import lock_board
from officina.common.exceptions import NotFound
from officina.organisations.actor import Actor


@transaction.atomic
def work_item_link_create(
    *, actor: Actor, source: WorkItem, target: WorkItem, kind: str
) -> WorkItemLink:
    """Link `source` to `target`; the actor must see the target's board too."""
    require_edit_cards(board_access_for_actor(actor=actor, board=source.board))
    if target.organisation_id != actor.organisation.pk:
        raise NotFound
    board_access_for_actor(actor=actor, board=target.board)  # NotFound unless visible
    if source.pk == target.pk:
        raise BoardRuleError(_("A card cannot be linked to itself."))
    if kind not in WorkItemLink.Kind.values:
        raise BoardRuleError(_("Unknown kind of link."))
    locked = lock_board(source.board_id)
    try:
        with transaction.atomic():
            link = WorkItemLink.objects.create(
                organisation_id=source.organisation_id,
                source=source,
                target=target,
                kind=kind,
                created_by=actor.user,
            )
    except IntegrityError as error:
        raise BoardRuleError(_("The two cards are already linked this way.")) from error
    WorkItemEvent(
        organisation_id=source.organisation_id,
        board_id=source.board_id,
        work_item=source,
        kind=WorkItemEvent.Kind.LINKED,
        actor=actor.user,
        occurred_at=timezone.now(),
        data={"kind": kind, "target": target.pk, "board": target.board_id, "number": target.number},
    ).save()
    work_item_touch(locked_board=locked, work_item=source)
    return link


@transaction.atomic
def work_item_link_delete(*, actor: Actor, link: WorkItemLink) -> None:
    require_edit_cards(board_access_for_actor(actor=actor, board=link.source.board))
    locked = lock_board(link.source.board_id)
    source = link.source
    link.delete()
    work_item_touch(locked_board=locked, work_item=source)
