"""The page header kept per person and state (templatetags/shell_tags.py): what each person
sees is theirs and current, and its forms carry this request's CSRF token."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from officina.notifications.models import Notification
from officina.notifications.services import notification_create_many
from officina.organisations.models import RoleAssignment
from officina.organisations.templatetags.shell_tags import forget_headers
from officina.organisations.tests.factories import RoleAssignmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_headers():
    forget_headers()
    yield
    forget_headers()


def _client_for(user, **kwargs) -> Client:
    client = Client(**kwargs)
    client.force_login(user)
    return client


def _home(organisation) -> str:
    return reverse("organisations:home", args=[organisation.slug])


def _header(response) -> str:
    page: str = response.content.decode()
    return page[page.index("<header") : page.index("</header>")]


def test_two_people_each_see_their_own_name_in_the_header(organisation, make_employee):
    anna = make_employee(first_name="Anna", last_name="Bianchi")
    carlo = make_employee(first_name="Carlo", last_name="Verdi")

    first = _header(_client_for(anna).get(_home(organisation)))
    second = _header(_client_for(carlo).get(_home(organisation)))
    again = _header(_client_for(anna).get(_home(organisation)))

    assert "Anna Bianchi" in first
    assert "Carlo Verdi" not in first
    assert "Carlo Verdi" in second
    assert "Anna Bianchi" not in second
    assert "Anna Bianchi" in again


def test_the_language_switch_returns_to_this_page_and_its_token_is_accepted(
    organisation, make_employee
):
    anna = make_employee()
    client = _client_for(anna, enforce_csrf_checks=True)
    client.get(_home(organisation))  # the header of this state is now kept
    teams = reverse("organisations:team-list", args=[organisation.slug]) + "?q=nidi&page=2"

    header = _header(client.get(teams))

    assert f'name="next" value="{teams.replace("&", "&amp;")}"' in header
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', header)
    assert token is not None
    assert "Slot" not in token.group(1)
    switched = client.post(
        reverse("set_language"),
        {"csrfmiddlewaretoken": token.group(1), "language": "en", "next": teams},
    )
    assert switched.status_code == 302
    assert "Teams" in _header(client.get(teams))


def test_a_new_role_shows_its_section_at_once(organisation, ente, make_employee):
    anna = make_employee()
    client = _client_for(anna)
    people_import = reverse("organisations:person-import", args=[organisation.slug])
    assert people_import not in _header(client.get(_home(organisation)))

    RoleAssignmentFactory(
        organisation=organisation, user=anna, role=RoleAssignment.Role.HR, ente=ente
    )

    assert people_import in _header(client.get(_home(organisation)))


def test_the_unread_count_follows_new_notifications(organisation, make_employee):
    anna = make_employee()
    client = _client_for(anna)
    assert "officina-unread-badge" not in _header(client.get(_home(organisation)))

    notification_create_many(
        organisation=organisation,
        recipients=[anna],
        actor=None,
        kind=Notification.Kind.ASSIGNED,
        title="#3 assegnata a te",
        url="/",
    )

    header = _header(client.get(_home(organisation)))
    assert re.search(r'officina-unread-badge"[^>]*>1<', header)
