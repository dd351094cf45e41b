"""The audit log: append-only records of security-relevant events."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    """One security-relevant event. Never updated; deleted only by the retention purge.

    `organisation` is empty for events that happen before a tenant is known (a failed login).
    """

    class Action(models.TextChoices):
        LOGIN_SUCCEEDED = "login_succeeded", _("Signed in")
        LOGIN_FAILED = "login_failed", _("Failed sign-in")
        LOGGED_OUT = "logged_out", _("Signed out")
        ROLE_GRANTED = "role_granted", _("Role granted")
        ROLE_REVOKED = "role_revoked", _("Role revoked")
        MEMBERSHIP_ADDED = "membership_added", _("Added to a team")
        MEMBERSHIP_CHANGED = "membership_changed", _("Team role changed")
        MEMBERSHIP_REMOVED = "membership_removed", _("Removed from a team")
        PEOPLE_IMPORTED = "people_imported", _("People imported")
        ADMIN_ADDED = "admin_added", _("Added in the admin")
        ADMIN_CHANGED = "admin_changed", _("Changed in the admin")
        ADMIN_DELETED = "admin_deleted", _("Deleted in the admin")
        TOKEN_CREATED = "token_created", _("API token created")
        TOKEN_REVOKED = "token_revoked", _("API token revoked")
        INVITATION_ACCEPTED = "invitation_accepted", _("Invitation accepted")
        INVITATION_DECLINED = "invitation_declined", _("Invitation declined")
        PERSON_DEACTIVATED = "person_deactivated", _("Person deactivated")

    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    # Kept as text so the record stays readable after the person or object is deleted.
    actor_label = models.CharField(_("who (as recorded)"), max_length=254, blank=True)
    action = models.CharField(_("event"), max_length=30, choices=Action.choices)
    target_type = models.CharField(_("object type"), max_length=100, blank=True)
    target_id = models.CharField(_("object id"), max_length=64, blank=True)
    target_label = models.CharField(_("object"), max_length=300, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ("-created_at", "-pk")
        indexes = [models.Index(fields=["organisation", "-created_at"], name="audit_org_time")]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.get_action_display()} {self.actor_label}"
