"""Abstract base models every app builds on."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class BaseModel(models.Model):
    """Timestamps for every row.

    `created_at` defaults to now but may be given: services take the time of a change as a
    parameter, so an importer or the demo writes rows with their real, earlier dates.
    """

    created_at = models.DateTimeField(
        _("created at"), default=timezone.now, db_index=True, editable=False
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class TenantModel(BaseModel):
    """A row owned by one organisation (the tenant).

    The organisation is stored on every tenant-owned row, even where it could be derived, so that
    every query can be scoped with one indexed filter and a cross-tenant join is never needed.
    Views never query subclasses directly: they call the app's selectors, which take an actor.
    """

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("organisation"),
    )

    class Meta:
        abstract = True
