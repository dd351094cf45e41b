"""The boards API: who sees which board, creating boards, changing and archiving them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from officina.boards.models import Board, BoardTemplate
from officina.boards.tests.factories import make_board
from officina.organisations.tests.factories import (
    EnteFactory,
    TeamFactory,
    TeamMembershipFactory,
)

pytestmark = pytest.mark.django_db


def api(name, organisation, **kwargs):
    return reverse(f"boards-api:{name}", kwargs={"org_slug": organisation.slug, **kwargs})


def test_anonymous_caller_gets_401_with_the_scheme_to_use(client, organisation):
    response = client.get(api("board-list", organisation))
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_board_list_shows_the_boards_the_caller_may_see(client, organisation, team, member):
    # given: the team's board, a board shared with the organisation, another team's private one
    mine = make_board(team=team, name="Pratiche")
    other_team = TeamFactory(organisation=organisation, name="Biblioteca")
    shared = make_board(team=other_team, name="Prestiti", visibility=Board.Visibility.ORGANISATION)
    make_board(team=other_team, name="Riservata")
    client.force_login(member)
    # when
    body = client.get(api("board-list", organisation)).json()
    # then
    assert body["count"] == 2
    assert [(b["id"], b["team"]["name"]) for b in body["results"]] == [
        (shared.pk, "Biblioteca"),
        (mine.pk, team.name),
    ]


def test_board_list_filters_by_team_and_lists_archived_boards_on_request(
    client, organisation, team, member, board
):
    archived = make_board(team=team, name="Vecchia")
    archived.archived_at = archived.created_at
    archived.save()
    client.force_login(member)
    url = api("board-list", organisation)
    assert [b["id"] for b in client.get(url, {"team": team.pk}).json()["results"]] == [board.pk]
    assert [b["id"] for b in client.get(url, {"archived": "true"}).json()["results"]] == [
        archived.pk
    ]


def test_board_list_query_count_does_not_grow_with_boards(
    client, organisation, team, member, django_assert_num_queries
):
    client.force_login(member)
    make_board(team=team, name="Prima")
    with CaptureQueriesContext(connection) as one:
        client.get(api("board-list", organisation))
    for n in range(8):
        make_board(
            team=TeamFactory(organisation=organisation), name=f"B{n}", visibility="organisation"
        )
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(api("board-list", organisation))
    assert response.json()["count"] == 9


def test_board_detail_shows_the_structure_and_the_caller_s_access(
    client, organisation, member, board
):
    client.force_login(member)
    body = client.get(api("board-detail", organisation, board_id=board.pk)).json()
    assert [c["name"] for c in body["columns"]] == ["Da fare", "In corso", "Fatto"]
    assert [lane["name"] for lane in body["swimlanes"]] == ["Attività"]
    # a member works on the cards; the structure is for the board's managers (decision 0039)
    assert body["access"] == {"can_comment": True, "can_edit_cards": True, "can_manage": False}


def test_board_of_another_organisation_is_not_found(client, organisation, member):
    foreign = make_board(team=TeamFactory(organisation=EnteFactory().organisation))
    client.force_login(member)
    assert client.get(api("board-detail", organisation, board_id=foreign.pk)).status_code == 404


def test_team_only_board_of_another_team_is_not_found(client, organisation, outsider, board):
    client.force_login(outsider)
    assert client.get(api("board-detail", organisation, board_id=board.pk)).status_code == 404


def test_guest_sees_only_the_boards_they_are_invited_to(client, organisation, team, guest, board):
    invited = make_board(team=team, name="Fornitura")
    invited.guests.add(guest)
    client.force_login(guest)
    body = client.get(api("board-list", organisation)).json()
    assert [b["id"] for b in body["results"]] == [invited.pk]
    assert client.get(api("board-detail", organisation, board_id=board.pk)).status_code == 404
    detail = client.get(api("board-detail", organisation, board_id=invited.pk)).json()
    # a new board lets its invited guests comment only (decision 0039)
    assert detail["access"] == {"can_comment": True, "can_edit_cards": False, "can_manage": False}


def test_member_creates_a_board_from_a_template(client, organisation, team, member):
    # given
    template = BoardTemplate.objects.get(key="servizio-cittadino")
    client.force_login(member)
    # when
    response = client.post(
        api("board-list", organisation),
        {"team_id": team.pk, "name": "Sportello", "template_id": template.pk},
        content_type="application/json",
    )
    # then
    assert response.status_code == 201
    body = response.json()
    assert body["name"] == "Sportello"
    assert [c["name"] for c in body["columns"]] == [
        c["name"] for c in template.structure["columns"]
    ]


def test_member_creates_a_board_as_a_copy_of_another(client, organisation, team, member, board):
    client.force_login(member)
    response = client.post(
        api("board-list", organisation),
        {"team_id": team.pk, "name": "Copia", "copy_from": board.pk},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert [c["name"] for c in response.json()["columns"]] == ["Da fare", "In corso", "Fatto"]


def test_board_creation_needs_exactly_one_source_and_a_visible_team(
    client, organisation, team, member
):
    client.force_login(member)
    url = api("board-list", organisation)
    both = client.post(
        url,
        {"team_id": team.pk, "name": "X", "template_id": 1, "copy_from": 1},
        content_type="application/json",
    )
    hidden_team = TeamFactory(organisation=organisation)
    template = BoardTemplate.objects.get(key="kanban-base")
    invisible = client.post(
        url,
        {"team_id": hidden_team.pk, "name": "X", "template_id": template.pk},
        content_type="application/json",
    )
    assert both.status_code == 400
    assert "template_id" in str(both.json())
    assert invisible.status_code == 400
    assert "team_id" in invisible.json()


def test_non_member_cannot_create_a_board_for_a_team_they_only_see(client, organisation, employee):
    public_team = TeamFactory(organisation=organisation, visibility="organisation")
    TeamMembershipFactory(team=public_team)
    client.force_login(employee)
    response = client.post(
        api("board-list", organisation),
        {
            "team_id": public_team.pk,
            "name": "X",
            "template_id": BoardTemplate.objects.get(key="kanban-base").pk,
        },
        content_type="application/json",
    )
    assert response.status_code == 403
    assert response.json()["detail"]


def test_lead_renames_a_board(client, organisation, lead, board):
    client.force_login(lead)
    response = client.patch(
        api("board-detail", organisation, board_id=board.pk),
        {"name": "Nuovo nome", "visibility": "organisation"},
        content_type="application/json",
    )
    assert response.status_code == 200
    board.refresh_from_db()
    assert (board.name, board.visibility) == ("Nuovo nome", "organisation")


def test_duplicate_board_name_is_a_400_with_the_reason(client, organisation, team, lead, board):
    make_board(team=team, name="Altra")
    client.force_login(lead)
    response = client.patch(
        api("board-detail", organisation, board_id=board.pk),
        {"name": "Altra"},
        content_type="application/json",
        headers={"accept-language": "en"},
    )
    assert response.status_code == 400
    assert response.json() == {"detail": "The team already has a board with this name."}


def test_read_only_viewer_gets_403_on_changes(client, organisation, team, outsider):
    shared = make_board(team=team, name="Condivisa", visibility=Board.Visibility.ORGANISATION)
    client.force_login(outsider)
    url = api("board-detail", organisation, board_id=shared.pk)
    assert client.get(url).json()["access"] == {
        "can_comment": False,
        "can_edit_cards": False,
        "can_manage": False,
    }
    response = client.patch(url, {"name": "X"}, content_type="application/json")
    assert response.status_code == 403
    assert response.json()["detail"]
    archive = client.post(api("board-archive", organisation, board_id=shared.pk))
    assert archive.status_code == 403
    assert archive.json()["detail"] == response.json()["detail"]
    shared.refresh_from_db()
    assert (shared.name, shared.archived_at) == ("Condivisa", None)


def test_lead_archives_and_restores_a_board(client, organisation, lead, board):
    client.force_login(lead)
    archived = client.post(api("board-archive", organisation, board_id=board.pk)).json()
    assert archived["archived_at"] is not None
    assert client.get(api("board-list", organisation)).json()["count"] == 0
    restored = client.post(api("board-restore", organisation, board_id=board.pk)).json()
    assert restored["archived_at"] is None


def test_board_templates_are_listed(client, organisation, member):
    client.force_login(member)
    keys = [t["key"] for t in client.get(api("board-template-list", organisation)).json()]
    assert {"kanban-base", "servizio-cittadino"} <= set(keys)
