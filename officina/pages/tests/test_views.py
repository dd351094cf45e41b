"""Public site pages: shipped defaults, and the administrator's sanitised Markdown."""

import pytest
from django.urls import reverse

from officina.pages.models import SitePage

pytestmark = pytest.mark.django_db


def test_accessibility_statement_default_is_shown_in_italian_without_signing_in(client):
    response = client.get(reverse("pages:accessibility"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Dichiarazione di accessibilità" in page
    assert "parzialmente conforme" in page
    assert 'id="feedback"' in page


def test_accessibility_statement_default_is_shown_in_english_when_chosen(client):
    client.cookies["django_language"] = "en"
    response = client.get(reverse("pages:accessibility"))
    assert "Accessibility statement" in response.content.decode()
    assert "partially compliant" in response.content.decode()


def test_privacy_notice_default_names_controller_and_excludes_productivity_figures(
    client, settings
):
    settings.OFFICINA_AUDIT_RETENTION_DAYS = 180
    response = client.get(reverse("pages:privacy"))
    page = response.content.decode()
    assert "Titolare del trattamento" in page
    assert "indicatori di produttività della singola persona" in page
    assert "180 giorni" in page


def test_admin_written_page_replaces_default_and_is_sanitised(client):
    # given
    SitePage.objects.create(
        slug=SitePage.Slug.PRIVACY,
        title="Informativa dell'Unione",
        body="## Titolare\n\nL'**Unione**.\n\n<script>alert('x')</script>",
    )
    # when
    response = client.get(reverse("pages:privacy"))
    # then
    page = response.content.decode()
    assert "Informativa dell&#x27;Unione" in page or "Informativa dell'Unione" in page
    assert "<strong>Unione</strong>" in page
    assert "alert(" not in page
    assert "Titolare del trattamento" not in page
