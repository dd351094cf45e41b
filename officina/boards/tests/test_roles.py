"""Board roles (decision 0039): who may view, comment, edit and move cards, change the structure
and the settings, on the pages and through the API. One matrix, the same answers everywhere."""

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from officina.accounts.models import User
from officina.boards.models import Board, Swimlane, WorkItem
from officina.boards.tests.factories import bulk_cards, make_board
from officina.organisations.models import Organisation, Team, TeamMembership
from officina.organisations.tests.factories import (
    EnteFactory,
    OrganisationFactory,
    TeamFactory,
    TeamMembershipFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
JSON = "application/json"

ACTIONS = ("view", "comment", "edit", "move", "structure", "delete", "settings")
WORK = {"view", "comment", "edit", "move"}
EVERYTHING = set(ACTIONS)
ALLOWED = {
    "lead": EVERYTHING,
    "manager": EVERYTHING,
    "member": WORK,
    "guest_edit": WORK,
    "guest_comment": {"view", "comment"},
    "employee": {"view"},  # the board is shared with the whole organisation, read-only
    "other_org": set(),
}
MATRIX = [(role, action) for role in ALLOWED for action in ACTIONS]


class World:
    """A board shared with the organisation, a card on it and an empty lane to delete."""

    def __init__(self, team: Team, people: dict[str, User]) -> None:
        self.board = make_board(team=team, visibility=Board.Visibility.ORGANISATION)
        self.todo = self.board.columns.get(position=0)
        self.doing = self.board.columns.get(position=1)
        self.done = self.board.columns.get(position=2)  # empty: it may be deleted
        self.lane = self.board.swimlanes.get(position=0)
        self.spare_lane = Swimlane.objects.create(
            organisation=self.board.organisation, board=self.board, name="Vuota", position=1
        )
        self.card: WorkItem = bulk_cards(
            board=self.board, count=1, column=self.todo, swimlane=self.lane
        )[0]
        self.people = people


@pytest.fixture
def world(
    organisation: Organisation, team: Team, make_employee: Callable[..., User], request
) -> World:
    people = {}
    for role, team_role in (
        ("lead", TeamMembership.Role.LEAD),
        ("manager", TeamMembership.Role.MEMBER),
        ("member", TeamMembership.Role.MEMBER),
    ):
        people[role] = make_employee(first_name=role.capitalize())
        TeamMembershipFactory(team=team, user=people[role], role=team_role)
    for role in ("guest_edit", "guest_comment"):
        people[role] = UserFactory(first_name=role)
        TeamMembershipFactory(team=team, user=people[role], role=TeamMembership.Role.GUEST)
    people["employee"] = make_employee(first_name="Collega")
    elsewhere = OrganisationFactory(slug="altrove")
    people["other_org"] = UserFactory(first_name="Altrove")
    TeamMembershipFactory(
        team=TeamFactory(organisation=elsewhere),
        user=people["other_org"],
        role=TeamMembership.Role.LEAD,
    )
    EnteFactory(organisation=elsewhere)
    built = World(team, people)
    built.board.managers.add(people["manager"])
    built.board.guests.add(people["guest_comment"], people["guest_edit"])
    # The guest rights are the board's: "edit" for the guest_edit rows, "comment" (the default
    # of a new board) otherwise.
    callspec = getattr(request.node, "callspec", None)
    if callspec is not None and callspec.params.get("role") == "guest_edit":
        built.board.guest_rights = Board.GuestRights.EDIT
        built.board.save()
    return built


def _page(world: World, name: str, **kwargs: object) -> str:
    board = world.board
    return reverse(
        f"boards:{name}",
        kwargs={"org_slug": board.organisation.slug, "board_id": board.pk, **kwargs},
    )


def _api(world: World, name: str, **kwargs: object) -> str:
    board = world.board
    return reverse(
        f"boards-api:{name}",
        kwargs={"org_slug": board.organisation.slug, "board_id": board.pk, **kwargs},
    )


def _edit_data(card: WorkItem) -> dict[str, object]:
    data: dict[str, object] = {
        "title": "Titolo nuovo",
        "description": card.description,
        "due_date": "",
        "estimate": "",
        "class_of_service": card.class_of_service,
        "base_title": card.title,
        "base_description": card.description,
        "base_due_date": "",
        "base_estimate": "",
        "base_class_of_service": card.class_of_service,
        "base_assignees": "",
        "base_labels": "",
    }
    return data


def _on_pages(client: Client, world: World, action: str) -> int:
    card = world.card
    number = card.number
    requests: dict[str, Callable[[], Any]] = {
        "view": lambda: client.get(_page(world, "board-detail")),
        "comment": lambda: client.post(
            _page(world, "card-comment-add", number=number), {"body": "Visto"}
        ),
        "edit": lambda: client.post(_page(world, "card-edit", number=number), _edit_data(card)),
        "move": lambda: client.post(
            _page(world, "card-move", number=number),
            {
                "column": world.doing.pk,
                "swimlane": world.lane.pk,
                "position": 0,
                "version": card.version,
            },
            HTTP_X_REQUESTED_WITH="fetch",
        ),
        "structure": lambda: client.post(
            _page(world, "column-create"),
            {
                "new-column-name": "Verifica",
                "new-column-stage": "in_progress",
                "new-column-wip_policy": "soft",
            },
        ),
        "delete": lambda: client.post(_page(world, "column-delete", column_id=world.done.pk)),
        "settings": lambda: client.get(_page(world, "board-settings")),
    }
    status: int = requests[action]().status_code
    return status


def _by_api(client: Client, world: World, action: str) -> int:
    card = world.card
    number = card.number
    requests: dict[str, Callable[[], Any]] = {
        "view": lambda: client.get(_api(world, "board-detail")),
        "comment": lambda: client.post(
            _api(world, "comment-list", number=number), {"body": "Visto"}, content_type=JSON
        ),
        "edit": lambda: client.patch(
            _api(world, "card-detail", number=number),
            {"title": "Titolo nuovo", "version": card.version},
            content_type=JSON,
        ),
        "move": lambda: client.post(
            _api(world, "card-move", number=number), {"column": world.doing.pk}, content_type=JSON
        ),
        "structure": lambda: client.post(
            _api(world, "column-list"), {"name": "Verifica"}, content_type=JSON
        ),
        "delete": lambda: client.delete(
            _api(world, "swimlane-detail", swimlane_id=world.spare_lane.pk)
        ),
        "settings": lambda: client.patch(
            _api(world, "board-detail"), {"guest_rights": "edit"}, content_type=JSON
        ),
    }
    status: int = requests[action]().status_code
    return status


def _expected(role: str, action: str, allowed_codes: set[int]) -> set[int]:
    if role == "other_org":
        return {404}
    if action in ALLOWED[role]:
        return allowed_codes
    return {403}


@pytest.mark.parametrize(("role", "action"), MATRIX)
def test_pages_answer_each_role_as_the_matrix_says(client, world, role, action):
    # given
    client.force_login(world.people[role])
    # when
    code = _on_pages(client, world, action)
    # then
    assert code in _expected(role, action, {200, 302})


@pytest.mark.parametrize(("role", "action"), MATRIX)
def test_api_answers_each_role_as_the_matrix_says(client, world, role, action):
    client.force_login(world.people[role])
    code = _by_api(client, world, action)
    assert code in _expected(role, action, {200, 201, 204})


@pytest.mark.parametrize("role", list(ALLOWED))
def test_the_api_tells_each_role_what_it_may_do(client, world, role):
    client.force_login(world.people[role])
    response = client.get(_api(world, "board-detail"))
    if role == "other_org":
        assert response.status_code == 404
        return
    allowed = ALLOWED[role]
    assert response.json()["access"] == {
        "can_comment": "comment" in allowed,
        "can_edit_cards": "edit" in allowed,
        "can_manage": "settings" in allowed,
    }


def test_a_member_of_another_organisation_gets_404_on_the_settings_and_role_forms(client, world):
    client.force_login(world.people["other_org"])
    member = world.people["member"]
    assert client.get(_page(world, "board-settings")).status_code == 404
    url = _page(world, "board-manager-set", member_id=member.pk)
    assert client.post(url, {"manager": "1"}).status_code == 404
    assert not world.board.managers.filter(pk=member.pk).exists()
