"""Reads of the notifications app: a person sees only their own, in the current organisation."""

from django.db.models import QuerySet

from officina.common.exceptions import NotFound
from officina.notifications.models import Notification
from officina.organisations.actor import Actor


def notification_list_for_actor(*, actor: Actor) -> QuerySet[Notification]:
    """The actor's notifications in the organisation, newest first, with who caused them."""
    return (
        Notification.objects.filter(organisation=actor.organisation, recipient=actor.user)
        .select_related("actor")
        .order_by("-created_at", "-pk")
    )


def notification_unread_count(*, actor: Actor) -> int:
    """One query, served by the partial index on unread notifications."""
    return Notification.objects.filter(
        organisation=actor.organisation, recipient=actor.user, read_at__isnull=True
    ).count()


def notification_get_for_actor(*, actor: Actor, notification_id: int) -> Notification:
    """One of the actor's own notifications; anyone else's is NotFound."""
    notification = notification_list_for_actor(actor=actor).filter(pk=notification_id).first()
    if notification is None:
        raise NotFound
    return notification
