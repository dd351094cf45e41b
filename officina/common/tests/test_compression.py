"""Answers are compressed when the browser accepts it, except secrets; static files are cached.

Decision 0031: pages and API answers through Django's gzip (random padding against BREACH),
pages that show a secret never; static files compressed by collectstatic and served by
WhiteNoise with a year's immutable cache under their hashed names.
"""

import gzip
from pathlib import Path

import pytest
from django.core.management import call_command
from django.templatetags.static import static
from django.test import Client, RequestFactory
from django.urls import reverse
from whitenoise.middleware import WhiteNoiseMiddleware

from officina.boards.tests.factories import make_board
from officina.organisations.tests.factories import TeamFactory, TeamMembershipFactory

pytestmark = pytest.mark.django_db

GZIP = {"Accept-Encoding": "gzip, deflate, br"}


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _home(organisation) -> str:
    return reverse("organisations:home", args=[organisation.slug])


def test_page_is_compressed_for_a_browser_that_accepts_gzip(employee, organisation):
    # given
    client = _signed_in(employee)
    # when
    page = client.get(_home(organisation), headers=GZIP)
    # then
    assert page.status_code == 200
    assert page["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in page["Vary"]
    assert b'<html lang="it">' in gzip.decompress(page.content)


def test_page_is_sent_as_is_to_a_client_without_gzip(employee, organisation):
    response = _signed_in(employee).get(_home(organisation))
    assert not response.has_header("Content-Encoding")
    assert "Accept-Encoding" in response["Vary"]
    assert b'<html lang="it">' in response.content


def test_same_page_differs_in_length_between_two_answers(employee, organisation):
    """Random padding (Heal The Breach): an attacker cannot compare lengths byte by byte."""
    client = _signed_in(employee)
    lengths = {len(client.get(_home(organisation), headers=GZIP).content) for _ in range(8)}
    assert len(lengths) > 1


def test_page_showing_a_new_api_token_is_never_compressed(employee):
    # given
    client = _signed_in(employee)
    # when
    response = client.post(
        reverse("tokens:token-list"), {"name": "Script", "expires_in_days": "30"}, headers=GZIP
    )
    # then
    assert response.status_code == 200
    assert not response.has_header("Content-Encoding")
    assert b'id="new-token-secret"' in response.content


def test_api_answer_is_compressed(employee, organisation):
    # given: boards the employee's team owns, so the list is worth compressing
    team = TeamFactory(organisation=organisation)
    TeamMembershipFactory(organisation=organisation, team=team, user=employee)
    for number in range(6):  # long enough that gzip's random padding never outweighs it
        make_board(team=team, name=f"Protocollo e archivio {number}")
    # when
    response = _signed_in(employee).get(f"/api/v1/o/{organisation.slug}/boards/", headers=GZIP)
    # then
    assert response.status_code == 200, response.content
    assert response.get("Content-Encoding") == "gzip", (response.headers, response.content)
    assert b"Protocollo e archivio" in gzip.decompress(response.content)


def test_hashed_static_file_is_compressed_and_cached_for_a_year(tmp_path: Path, settings):
    """What `officina collectstatic` and WhiteNoise do with the production settings."""
    # given: a stylesheet collected as in production (hashed, compressed). Only the `settings`
    # fixture changes settings here: mixed with override_settings, it would restore them in the
    # wrong order and leave the manifest storage to the tests that follow.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    settings.STATICFILES_FINDERS = ["django.contrib.staticfiles.finders.FileSystemFinder"]
    settings.WHITENOISE_USE_FINDERS = False
    settings.WHITENOISE_AUTOREFRESH = False
    source = tmp_path / "source"
    (source / "probe").mkdir(parents=True)
    (source / "probe" / "site.css").write_text(".probe { color: #17324d; }\n" * 100)
    settings.STATICFILES_DIRS = [source]
    settings.STATIC_ROOT = tmp_path / "collected"
    call_command("collectstatic", "--noinput", verbosity=0)
    hashed_url = static("probe/site.css")
    assert hashed_url != "/static/probe/site.css"
    middleware = WhiteNoiseMiddleware(get_response=lambda request: None)
    factory = RequestFactory()
    # when: the browser asks for the hashed name, then for the plain one
    hashed = middleware(factory.get(hashed_url, headers=GZIP))
    plain = middleware(factory.get("/static/probe/site.css", headers=GZIP))
    # then
    assert hashed.status_code == 200
    assert hashed["Content-Encoding"] in {"gzip", "br"}
    assert "Accept-Encoding" in hashed["Vary"]
    assert "immutable" in hashed["Cache-Control"]
    assert "max-age=315360000" in hashed["Cache-Control"]
    assert "immutable" not in plain["Cache-Control"]
