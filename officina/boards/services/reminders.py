"""Reminders of due dates: the assignees of a card due tomorrow, or overdue, hear of it daily.

Run once a day (`tasks.due_reminders`): a card due tomorrow is reminded today, an overdue one
(due before today) every day until it is done. A card counts while it is open: not archived, not
finished (its column's stage is not "done"). Only people who may still see the card's board
are reminded, and never twice for the same card, kind and day (a unique constraint keeps it
so even when two servers run the task). The e-mail follows each person's preference.
"""

from collections import defaultdict
from datetime import date, timedelta

from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from officina.accounts.models import User
from officina.boards.models import Stage, WorkItem
from officina.boards.permissions import visible_board_ids
from officina.boards.services.comments import card_about, card_url
from officina.common.exceptions import NotFound
from officina.notifications.emails import preference_for
from officina.notifications.models import Notification
from officina.notifications.services import notifications_email_on_commit
from officina.organisations.actor import Actor
from officina.organisations.models import Organisation
from officina.organisations.selectors import actor_for_user

Kind = Notification.Kind


@transaction.atomic
def due_reminders_create(*, today: date | None = None) -> int:
    """Remind the assignees of open cards due tomorrow or overdue; how many reminders."""
    today = today or timezone.localdate()
    tomorrow = today + timedelta(days=1)
    cards = list(
        WorkItem.objects.filter(
            archived_at__isnull=True, finished_at__isnull=True, due_date__lte=tomorrow
        )
        .exclude(column__stage=Stage.DONE)
        .exclude(due_date=today)  # due today: its reminder came yesterday
        .select_related("organisation")
        .prefetch_related("assignees__notification_preference")
        .order_by("organisation_id", "board_id", "number")
    )
    already = set(
        Notification.objects.filter(
            reminder_day=today, kind__in=[Kind.DUE_SOON, Kind.OVERDUE]
        ).values_list("recipient_id", "about")
    )
    visible = _visible_boards(cards)
    reminders = []
    for card in cards:
        kind = Kind.DUE_SOON if card.due_date == tomorrow else Kind.OVERDUE
        for person in card.assignees.all():
            if not person.is_active or (person.pk, card_about(card.pk)) in already:
                continue
            if card.board_id not in visible.get((person.pk, card.organisation_id), set()):
                continue
            with translation.override(preference_for(person).language):
                title = _reminder_title(card, kind)
            reminders.append(
                Notification(
                    organisation_id=card.organisation_id,
                    recipient=person,
                    kind=kind,
                    title=title[:250],
                    url=card_url(card, org_slug=card.organisation.slug),
                    about=card_about(card.pk),
                    reminder_day=today,
                )
            )
    created = Notification.objects.bulk_create(reminders, ignore_conflicts=True)
    notifications_email_on_commit(
        Notification.objects.filter(
            reminder_day=today, kind__in=[Kind.DUE_SOON, Kind.OVERDUE], emailed_at__isnull=True
        ).order_by("pk")
    )
    return len(created)


def _reminder_title(card: WorkItem, kind: str) -> str:
    values = {"number": card.number, "title": card.title}
    if kind == Kind.DUE_SOON:
        return _("#%(number)s %(title)s is due tomorrow") % values
    values["date"] = formats.date_format(card.due_date or "", "SHORT_DATE_FORMAT")
    return _("#%(number)s %(title)s is overdue: it was due on %(date)s") % values


def _visible_boards(cards: list[WorkItem]) -> dict[tuple[int, int], set[int]]:
    """For each (person, organisation) of the assignees, the boards among the cards' they may
    see (one query per person and organisation, the same rules as their pages)."""
    wanted: dict[tuple[int, int], set[int]] = defaultdict(set)
    people: dict[int, User] = {}
    organisations: dict[int, Organisation] = {}
    for card in cards:
        organisations[card.organisation_id] = card.organisation
        for person in card.assignees.all():
            people[person.pk] = person
            wanted[(person.pk, card.organisation_id)].add(card.board_id)
    return {
        key: _seen(people[key[0]], organisations[key[1]], board_ids)
        for key, board_ids in wanted.items()
    }


def _seen(person: User, organisation: Organisation, board_ids: set[int]) -> set[int]:
    try:
        actor: Actor = actor_for_user(user=person, organisation_slug=organisation.slug)
    except NotFound:  # no longer has a place in the organisation
        return set()
    return set(visible_board_ids(actor, board_ids))


def hidden_card_notifications(notifications: list[Notification]) -> set[int]:
    """Of notifications about cards ("card:<id>"), those whose person may no longer see the
    card (or the card is gone): they are not e-mailed."""
    card_of = {n.pk: _card_id(n) for n in notifications}
    boards: dict[int, int] = dict(
        WorkItem.objects.filter(pk__in={c for c in card_of.values() if c is not None})
        .values_list("pk", "board_id")
        .order_by()
    )
    board_of = {pk: boards.get(card_id or 0) for pk, card_id in card_of.items()}
    people = {p.pk: p for p in User.objects.filter(pk__in={n.recipient_id for n in notifications})}
    organisations = {
        o.pk: o
        for o in Organisation.objects.filter(pk__in={n.organisation_id for n in notifications})
    }
    wanted: dict[tuple[int, int], set[int]] = defaultdict(set)
    for n in notifications:
        board_id = board_of[n.pk]
        if board_id is not None:
            wanted[(n.recipient_id, n.organisation_id)].add(board_id)
    visible = {
        key: _seen(people[key[0]], organisations[key[1]], board_ids)
        for key, board_ids in wanted.items()
        if key[0] in people and key[1] in organisations
    }
    return {
        n.pk
        for n in notifications
        if board_of[n.pk] not in visible.get((n.recipient_id, n.organisation_id), set())
    }


def _card_id(notification: Notification) -> int | None:
    number = notification.about.partition(":")[2]
    return int(number) if number.isdigit() else None
