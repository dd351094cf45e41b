"""Notifications: in the app, and by e-mail as each person chooses, outside their quiet hours."""

from datetime import time
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from officina.common.models import BaseModel, TenantModel

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class Notification(TenantModel):
    """Something a person should know, e.g. "Giulia mentioned you on #12"."""

    class Kind(models.TextChoices):
        MENTION = "mention", _("Mention")
        ASSIGNED = "assigned", _("Assigned to you")
        WATCHED = "watched", _("A card you follow")
        DUE_SOON = "due_soon", _("Due tomorrow")
        OVERDUE = "overdue", _("Overdue")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=250)
    url = models.CharField(_("link"), max_length=300, blank=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    # When it went out by e-mail (at once or in a digest): nothing is e-mailed twice.
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)
    # What it is about, e.g. "card:12", so the app that owns it can say whether the person may
    # still see it before it is e-mailed (`visibility.py`).
    about = models.CharField(_("about"), max_length=40, blank=True, editable=False)
    # Reminders (due tomorrow, overdue): the day they are for; one per card, kind and day.
    reminder_day = models.DateField(_("reminder for"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ("-created_at", "-pk")
        indexes = [
            models.Index(
                fields=["organisation", "recipient"],
                condition=Q(read_at__isnull=True),
                name="notification_unread",
            ),
            models.Index(
                fields=["recipient", "kind"],
                condition=Q(emailed_at__isnull=True),
                name="notification_not_emailed",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "about", "reminder_day"],
                condition=Q(reminder_day__isnull=False),
                name="notification_reminder_once",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Delivery(models.TextChoices):
    """How a kind of notification reaches a person by e-mail."""

    IMMEDIATE = "immediate", _("At once")
    DIGEST = "digest", _("In a daily digest")
    NEVER = "never", _("Never (only in Officina)")


Kind = Notification.Kind

# What a person gets before choosing (decision 0037): what is addressed to them at once, the
# rest once a day.
DEFAULT_DELIVERY = {
    Kind.MENTION: Delivery.IMMEDIATE,
    Kind.ASSIGNED: Delivery.IMMEDIATE,
    Kind.WATCHED: Delivery.DIGEST,
    Kind.DUE_SOON: Delivery.DIGEST,
    Kind.OVERDUE: Delivery.DIGEST,
}


def _delivery_field(kind: Kind, label: "StrOrPromise") -> models.CharField:  # type: ignore[type-arg]
    return models.CharField(
        label, max_length=10, choices=Delivery.choices, default=DEFAULT_DELIVERY[kind]
    )


class NotificationPreference(BaseModel):
    """A person's choices for e-mail: per kind at once, in a digest or never; the language;
    the quiet hours in which nothing is sent. The person's own, in every organisation; someone
    without a row has the defaults. One field per kind, named as the kind's value."""

    class Language(models.TextChoices):
        ITALIAN = "it", "Italiano"
        ENGLISH = "en", "English"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preference",
        verbose_name=_("person"),
    )
    language = models.CharField(
        _("language of the e-mails"), max_length=5, choices=Language.choices, default="it"
    )
    mention = _delivery_field(Kind.MENTION, _("when someone mentions you"))
    assigned = _delivery_field(Kind.ASSIGNED, _("when you are assigned a card"))
    watched = _delivery_field(Kind.WATCHED, _("when a card you follow changes"))
    due_soon = _delivery_field(Kind.DUE_SOON, _("when a card of yours is due tomorrow"))
    overdue = _delivery_field(Kind.OVERDUE, _("when a card of yours is overdue"))
    quiet_start: "models.TimeField[time | None, time | None]" = models.TimeField(
        _("quiet from"), null=True, blank=True
    )
    quiet_end: "models.TimeField[time | None, time | None]" = models.TimeField(
        _("quiet until"), null=True, blank=True
    )
    quiet_weekends = models.BooleanField(_("quiet at weekends"), default=False)

    class Meta:
        verbose_name = _("notification preferences")
        verbose_name_plural = _("notification preferences")
        ordering = ("user_id",)

    def __str__(self) -> str:
        return str(self.user)

    def delivery(self, kind: str) -> str:
        """How notifications of `kind` are e-mailed (unknown kinds: never)."""
        return str(getattr(self, kind, Delivery.NEVER)) if kind in Kind.values else Delivery.NEVER
