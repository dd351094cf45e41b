"""Editable site pages (accessibility statement, privacy notice)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from officina.common.models import BaseModel


class SitePage(BaseModel):
    """A page of the installation, written in Markdown by the administrator.

    Until an administrator writes one, the page shows the default text shipped in its template.
    """

    class Slug(models.TextChoices):
        ACCESSIBILITY = "accessibilita", _("Accessibility statement")
        PRIVACY = "privacy", _("Privacy notice")

    slug = models.CharField(_("page"), max_length=20, choices=Slug.choices, unique=True)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text (Markdown)"))

    class Meta:
        verbose_name = _("site page")
        verbose_name_plural = _("site pages")
        ordering = ("slug",)

    def __str__(self) -> str:
        return self.title
