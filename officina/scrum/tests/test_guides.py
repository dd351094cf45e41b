"""The first-time guides at the top of the Scrum pages: shown until someone who edits the
board hides them for the team, brought back from the Scrum settings; no JavaScript needed."""

import pytest
from django.test import Client
from django.urls import reverse

from officina.common.exceptions import PermissionDeniedError
from officina.organisations.tests.factories import OrganisationFactory, TeamFactory
from officina.scrum.models import ScrumSettings
from officina.scrum.services.settings import scrum_guides_set
from officina.scrum.services.sprints import sprint_start
from officina.scrum.tests.factories import make_scrum_board, make_sprint

pytestmark = pytest.mark.django_db


def client_of(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def url(name, board, *args):
    return reverse(f"scrum:{name}", args=[board.organisation.slug, board.pk, *args])


def shown(board) -> bool:
    return ScrumSettings.objects.get(board=board).show_guides


@pytest.fixture
def sprint(actor, board):
    sprint = make_sprint(board=board)
    sprint_start(actor=actor, sprint=sprint)
    return sprint


def pages(board, sprint):
    return {
        "backlog": url("backlog", board),
        "sprints": url("sprint-list", board),
        "sprint": url("sprint-detail", board, sprint.pk),
        "review": url("sprint-review", board, sprint.pk),
        "report": url("sprint-report", board, sprint.pk),
        "standup": url("sprint-standup", board, sprint.pk),
        "poker": url("poker", board),
    }


def test_every_scrum_page_shows_its_guide_with_a_hide_button(member, board, sprint):
    client = client_of(member)
    for name, address in pages(board, sprint).items():
        page = client.get(address).content.decode()
        assert 'id="scrum-guide"' in page, name
        assert url("guides", board) in page, name


def test_hiding_the_guide_hides_it_for_the_team_and_goes_back(member, viewer, board, sprint):
    backlog = url("backlog", board)
    response = client_of(member).post(url("guides", board), {"show": "0", "next": backlog})
    assert response.status_code == 302
    assert response["Location"] == backlog
    assert not shown(board)
    for address in pages(board, sprint).values():
        assert 'id="scrum-guide"' not in client_of(viewer).get(address).content.decode()


def test_the_scrum_settings_bring_the_guides_back(lead, board):
    ScrumSettings.objects.filter(board=board).update(show_guides=False)
    client = client_of(lead)
    settings_page = client.get(url("scrum-settings", board)).content.decode()
    assert 'name="show" value="1"' in settings_page
    client.post(url("guides", board), {"show": "1", "next": url("scrum-settings", board)})
    assert shown(board)
    assert 'id="scrum-guide"' in client.get(url("backlog", board)).content.decode()


def test_a_read_only_viewer_reads_the_guide_but_cannot_hide_it(viewer, viewer_actor, board):
    page = client_of(viewer).get(url("backlog", board)).content.decode()
    assert 'id="scrum-guide"' in page
    assert url("guides", board) not in page
    response = client_of(viewer).post(url("guides", board), {"show": "0"})
    assert response.status_code == 403
    with pytest.raises(PermissionDeniedError):
        scrum_guides_set(actor=viewer_actor, board=board, show=False)
    assert shown(board)


def test_hiding_the_guides_of_another_organisation_answers_404(member):
    elsewhere = make_scrum_board(team=TeamFactory(organisation=OrganisationFactory(slug="x")))
    response = client_of(member).post(url("guides", elsewhere), {"show": "0"})
    assert response.status_code == 404
    assert shown(elsewhere)
