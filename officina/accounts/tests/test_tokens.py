"""Personal access tokens: only a hash is kept, revocation is one's own, and both are audited."""

import hashlib
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from officina.accounts.models import PersonalAccessToken
from officina.accounts.tokens import (
    TokenError,
    token_authenticate,
    token_create,
    token_revoke,
)
from officina.audit.models import AuditEvent
from officina.common.exceptions import NotFound
from officina.organisations.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PAGE = "tokens:token-list"


def _revoke_url(token):
    return reverse("tokens:token-revoke", kwargs={"token_id": token.pk})


def test_token_create_returns_a_secret_that_is_stored_only_as_its_hash():
    # given
    user = UserFactory()
    # when
    token, secret = token_create(user=user, name="Report settimanale")
    # then
    assert secret.startswith("off_")
    assert len(secret) > 40
    stored = PersonalAccessToken.objects.get(pk=token.pk)
    assert stored.prefix == secret[:12]
    assert stored.key_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in {stored.name, stored.prefix, stored.key_hash}


def test_token_create_sets_the_expiry_in_days():
    token, _secret = token_create(user=UserFactory(), name="Script", expires_in_days=30)
    assert token.expires_at is not None
    assert timedelta(days=29) < token.expires_at - timezone.now() <= timedelta(days=30)


def test_token_create_and_revoke_are_audited():
    # given
    user = UserFactory()
    # when
    token, _secret = token_create(user=user, name="Script")
    token_revoke(user=user, token_id=token.pk)
    # then
    events = list(AuditEvent.objects.filter(actor=user).order_by("pk"))
    assert [event.action for event in events] == ["token_created", "token_revoked"]
    assert all(event.target_id == str(token.pk) for event in events)
    assert events[0].details["prefix"] == token.prefix


def test_another_person_s_token_cannot_be_revoked():
    # given
    owner, other = UserFactory(), UserFactory()
    token, _secret = token_create(user=owner, name="Script")
    # when / then
    with pytest.raises(NotFound):
        token_revoke(user=other, token_id=token.pk)
    token.refresh_from_db()
    assert token.revoked_at is None


def test_authenticate_returns_the_token_s_person():
    user = UserFactory()
    _token, secret = token_create(user=user, name="Script")
    assert token_authenticate(secret)[0] == user


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"revoked_at": timezone.now()}, "revocato"),
        ({"expires_at": timezone.now() - timedelta(seconds=1)}, "scaduto"),
    ],
)
def test_authenticate_refuses_revoked_and_expired_tokens(change, message):
    # given
    token, secret = token_create(user=UserFactory(), name="Script")
    PersonalAccessToken.objects.filter(pk=token.pk).update(**change)
    # when / then
    with pytest.raises(TokenError, match=message):
        token_authenticate(secret)


def test_authenticate_refuses_an_unknown_secret_and_an_inactive_person():
    user = UserFactory()
    _token, secret = token_create(user=user, name="Script")
    with pytest.raises(TokenError):
        token_authenticate(secret + "x")
    user.is_active = False
    user.save()
    with pytest.raises(TokenError):
        token_authenticate(secret)


def test_last_use_is_written_at_most_once_a_minute(django_assert_num_queries):
    # given: a token used just now
    token, secret = token_create(user=UserFactory(), name="Script")
    token_authenticate(secret)
    first_use = PersonalAccessToken.objects.get(pk=token.pk).last_used_at
    assert first_use is not None
    # when: used again within the minute, only the lookup runs
    with django_assert_num_queries(1):
        token_authenticate(secret)
    # and a minute later, the use is written again
    PersonalAccessToken.objects.filter(pk=token.pk).update(
        last_used_at=first_use - timedelta(minutes=2)
    )
    token_authenticate(secret)
    last_use = PersonalAccessToken.objects.get(pk=token.pk).last_used_at
    assert last_use is not None
    assert last_use > first_use


# --- The profile page ---------------------------------------------------------------------------


def test_token_page_needs_a_signed_in_person(client):
    response = client.get(reverse(PAGE))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_token_page_lists_my_tokens_only(client):
    # given
    me, other = UserFactory(), UserFactory()
    token_create(user=me, name="Il mio script")
    token_create(user=other, name="Script altrui")
    client.force_login(me)
    # when
    response = client.get(reverse(PAGE))
    # then
    page = response.content.decode()
    assert response.status_code == 200
    assert "Il mio script" in page
    assert "Script altrui" not in page


def test_creating_a_token_shows_the_secret_once_and_stores_only_its_hash(client):
    # given
    me = UserFactory()
    client.force_login(me)
    # when
    response = client.post(reverse(PAGE), {"name": "Cruscotto", "expires_in_days": "90"})
    # then: the secret is on the page that answers the creation...
    token = PersonalAccessToken.objects.get(user=me)
    page = response.content.decode()
    secret = page.split('id="new-token-secret" type="text" value="', 1)[1].split('"', 1)[0]
    assert secret.startswith(token.prefix)
    assert token.key_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert response["Cache-Control"].startswith("max-age=0")
    # ...and nowhere afterwards
    assert secret not in client.get(reverse(PAGE)).content.decode()
    assert token.expires_at is not None
    assert AuditEvent.objects.filter(actor=me, action="token_created").exists()


def test_creating_a_token_without_a_name_shows_the_error_and_creates_nothing(client):
    me = UserFactory()
    client.force_login(me)
    response = client.post(reverse(PAGE), {"name": " ", "expires_in_days": ""})
    assert response.status_code == 200
    assert "is-invalid" in response.content.decode()
    assert not PersonalAccessToken.objects.filter(user=me).exists()


def test_revoking_my_token_from_the_page(client):
    # given
    me = UserFactory()
    token, _secret = token_create(user=me, name="Script")
    client.force_login(me)
    # when
    response = client.post(_revoke_url(token), follow=True)
    # then
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert response.status_code == 200
    assert AuditEvent.objects.filter(actor=me, action="token_revoked").exists()


def test_another_person_s_token_cannot_be_revoked_from_the_page(client):
    owner, other = UserFactory(), UserFactory()
    token, _secret = token_create(user=owner, name="Script")
    client.force_login(other)
    assert client.post(_revoke_url(token)).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_revoking_needs_a_post(client):
    me = UserFactory()
    token, _secret = token_create(user=me, name="Script")
    client.force_login(me)
    assert client.get(_revoke_url(token)).status_code == 405
