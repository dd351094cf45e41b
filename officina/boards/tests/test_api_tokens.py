"""Calling the API with a personal access token instead of a session."""

from datetime import timedelta

import pytest
from allauth.mfa.models import Authenticator
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from officina.accounts.models import PersonalAccessToken
from officina.accounts.tokens import token_create
from officina.boards.models import WorkItem
from officina.organisations.tests.factories import RoleAssignmentFactory

pytestmark = pytest.mark.django_db


def bearer(secret, keyword="Bearer"):
    return {"authorization": f"{keyword} {secret}"}


@pytest.fixture
def secret(member):
    return token_create(user=member, name="Script")[1]


def _cards_url(board):
    return reverse(
        "boards-api:card-list", kwargs={"org_slug": board.organisation.slug, "board_id": board.pk}
    )


def test_token_reads_the_api_as_its_person(client, board, secret):
    response = client.get(_cards_url(board), headers=bearer(secret))
    assert response.status_code == 200
    assert response.json()["count"] == 0


def test_token_keyword_is_accepted_too(client, board, secret):
    assert client.get(_cards_url(board), headers=bearer(secret, "Token")).status_code == 200


def test_token_writes_without_a_csrf_token(board, member, secret):
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(
        _cards_url(board),
        {"title": "Creata da uno script"},
        content_type="application/json",
        headers=bearer(secret),
    )
    assert response.status_code == 201
    card = WorkItem.objects.get(board=board)
    assert card.created_by == member


def test_token_use_is_noted(client, board, member, secret):
    client.get(_cards_url(board), headers=bearer(secret))
    assert PersonalAccessToken.objects.get(user=member).last_used_at is not None


@pytest.mark.parametrize(
    ("change", "word"),
    [
        ({"revoked_at": timezone.now()}, "revoked"),
        ({"expires_at": timezone.now() - timedelta(days=1)}, "expired"),
    ],
)
def test_revoked_or_expired_token_gets_401_with_the_reason(
    client, board, member, secret, change, word
):
    # given
    PersonalAccessToken.objects.filter(user=member).update(**change)
    # when
    response = client.get(_cards_url(board), headers={**bearer(secret), "accept-language": "en"})
    # then
    assert response.status_code == 401
    assert word in response.json()["detail"]
    assert 'error="invalid_token"' in response["WWW-Authenticate"]


def test_revoked_token_cannot_write_either(client, board, member, secret):
    PersonalAccessToken.objects.filter(user=member).update(revoked_at=timezone.now())
    response = client.post(
        _cards_url(board), {"title": "X"}, content_type="application/json", headers=bearer(secret)
    )
    assert response.status_code == 401
    assert not WorkItem.objects.exists()


def test_unknown_or_malformed_token_gets_401(client, board, secret):
    assert client.get(_cards_url(board), headers=bearer(secret + "x")).status_code == 401
    malformed = {"authorization": f"Bearer {secret} extra"}
    assert client.get(_cards_url(board), headers=malformed).status_code == 401


def test_token_does_not_open_another_team_s_board(client, board, outsider):
    _token, secret = token_create(user=outsider, name="Script")
    assert client.get(_cards_url(board), headers=bearer(secret)).status_code == 404


def test_organisations_api_works_with_a_token(client, organisation, team, secret):
    url = reverse("organisations-api:team-list", kwargs={"org_slug": organisation.slug})
    response = client.get(url, headers=bearer(secret))
    assert response.status_code == 200
    assert [t["id"] for t in response.json()] == [team.pk]


def test_admin_without_two_factor_cannot_bypass_it_with_a_token(
    client, organisation, board, member
):
    # given: the organisation requires two-factor sign-in for admins, and the member is one
    organisation.require_two_factor_for_admins = True
    organisation.save()
    RoleAssignmentFactory(organisation=organisation, user=member, role="it_admin")
    _token, secret = token_create(user=member, name="Script")
    teams_url = reverse("organisations-api:team-list", kwargs={"org_slug": organisation.slug})
    # when / then
    assert client.get(_cards_url(board), headers=bearer(secret)).status_code == 403
    assert client.get(teams_url, headers=bearer(secret)).status_code == 403
    Authenticator.objects.create(user=member, type=Authenticator.Type.TOTP, data={})
    assert client.get(_cards_url(board), headers=bearer(secret)).status_code == 200
    assert client.get(teams_url, headers=bearer(secret)).status_code == 200


def test_schema_generates_without_warnings_and_describes_the_boards_api(tmp_path):
    target = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    schema = target.read_text()
    assert "/api/v1/o/{org_slug}/boards/{board_id}/cards/{number}/move/" in schema
    assert "PaginatedCardList" in schema
    assert "personalAccessToken" in schema
