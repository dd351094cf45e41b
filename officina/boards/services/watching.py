"""Following a card ("Segui questa scheda"): its followers hear of its changes in the app.

Every change to a card is a history event (`history.record`), which sends
`card_events_recorded`; `followers_notified` turns the events of followed cards into one
notification per follower, in the same transaction. A card nobody follows costs nothing: its
row says how many follow it.
"""

from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from officina.boards.models import CardWatch, WorkItem, WorkItemEvent
from officina.boards.selectors.boards import board_access_for_actor
from officina.boards.services.comments import card_about, card_url
from officina.notifications.models import Notification
from officina.notifications.services import notifications_email_on_commit
from officina.organisations.actor import Actor
from officina.organisations.models import Organisation

Kind = WorkItemEvent.Kind

# Changes a follower hears of; a reorder within a cell, a stage its column took, or a tick on
# the checklist (five criteria of a Definition of Done would be five e-mails) is noise.
QUIET_KINDS = frozenset({Kind.CREATED, Kind.REORDERED, Kind.RESTAGED, Kind.CHECKED, Kind.UNCHECKED})


@transaction.atomic
def work_item_watch(*, actor: Actor, work_item: WorkItem, watch: bool) -> bool:
    """Follow the card or stop following it; anyone who may see it may follow it. Whether
    the person follows it now."""
    board_access_for_actor(actor=actor, board_id=work_item.board_id)  # NotFound if unseen
    watches = CardWatch.objects.filter(work_item_id=work_item.pk, user=actor.user)
    if watch:
        if watches.exists():
            return True
        try:
            with transaction.atomic():
                CardWatch.objects.create(
                    organisation_id=work_item.organisation_id,
                    work_item_id=work_item.pk,
                    user=actor.user,
                )
        except IntegrityError:  # a second tab, the same instant
            return True
        WorkItem.objects.filter(pk=work_item.pk).update(watcher_count=F("watcher_count") + 1)
        return True
    if watches.delete()[0]:
        WorkItem.objects.filter(pk=work_item.pk).update(watcher_count=F("watcher_count") - 1)
    return False


def followers_notified(sender: Any, *, events: list[WorkItemEvent], **kwargs: Any) -> None:
    """One notification per follower of each followed card the events changed, but for the
    person who made the change."""
    followed = [
        event
        for event in events
        if event.kind not in QUIET_KINDS
        and event.actor_id is not None
        and getattr(event.work_item, "watcher_count", 0) > 0
    ]
    if not followed:
        return
    watches = (
        CardWatch.objects.filter(work_item_id__in={event.work_item_id for event in followed})
        .select_related("organisation")
        .order_by("pk")
    )
    followers: dict[int, list[CardWatch]] = {}
    for watch in watches:
        followers.setdefault(watch.work_item_id, []).append(watch)
    notifications = []
    for event in followed:
        card = event.work_item
        for watch in followers.get(card.pk, []):
            if watch.user_id == event.actor_id:
                continue
            url = card_url(card, org_slug=watch.organisation.slug)
            notifications.append(
                Notification(
                    organisation_id=watch.organisation_id,
                    recipient_id=watch.user_id,
                    actor_id=event.actor_id,
                    kind=Notification.Kind.WATCHED,
                    title=_change_text(event)[:250],
                    url=url,
                    about=card_about(card.pk),
                )
            )
    notifications_email_on_commit(Notification.objects.bulk_create(notifications))


def assignees_notified(sender: Any, *, events: list[WorkItemEvent], **kwargs: Any) -> None:
    """The people a card was just assigned to hear of it, but for who assigned themselves."""
    notifications = []
    slugs: dict[int, str] = {}
    for event in events:
        if event.kind != Kind.ASSIGNED or event.actor_id is None:
            continue
        card = event.work_item
        if not any(user_id != event.actor_id for user_id, _name in event.data.get("added", [])):
            continue
        if card.organisation_id not in slugs:
            slugs[card.organisation_id] = Organisation.objects.values_list("slug", flat=True).get(
                pk=card.organisation_id
            )
        org_slug = slugs[card.organisation_id]
        for user_id, _name in event.data.get("added", []):
            if user_id == event.actor_id:
                continue
            notifications.append(
                Notification(
                    organisation_id=card.organisation_id,
                    recipient_id=user_id,
                    actor_id=event.actor_id,
                    kind=Notification.Kind.ASSIGNED,
                    title=(
                        _("%(name)s assigned you #%(number)s %(title)s")
                        % {
                            "name": str(event.actor) if event.actor else "",
                            "number": card.number,
                            "title": card.title,
                        }
                    )[:250],
                    url=card_url(card, org_slug=org_slug),
                    about=card_about(card.pk),
                )
            )
    if notifications:
        notifications_email_on_commit(Notification.objects.bulk_create(notifications))


def _change_text(event: WorkItemEvent) -> str:
    card = event.work_item
    change = str(event.get_kind_display())
    if event.kind == Kind.MOVED and event.to_column is not None:
        change = _("moved to %(column)s") % {"column": event.to_column.name}
    return _("%(name)s on #%(number)s %(title)s: %(change)s") % {
        "name": str(event.actor) if event.actor else "",
        "number": card.number,
        "title": card.title,
        "change": change,
    }
