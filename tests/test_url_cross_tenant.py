"""Every tenant URL answers 404 for another organisation's objects and for another organisation.

The walk covers every pattern of the project with an `org_slug`, pages and API alike. Each other
keyword must be in `FOREIGN_OBJECTS`, so a new tenant URL cannot escape this test: add its kwarg
there with a factory of an object of the given organisation.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from officina.boards.tests.worlds import BoardWorld, make_board_world
from officina.organisations.models import Organisation
from officina.organisations.tests.factories import (
    EmploymentFactory,
    EnteFactory,
    RoleAssignmentFactory,
    UserFactory,
)
from officina.scrum.tests.factories import make_retrospective, make_sprint

_BOARD_WORLDS: dict[tuple[int, object], BoardWorld] = {}


def _board_world(organisation: Organisation) -> BoardWorld:
    """One board per organisation with a card and every kind of thing on it, so that the ids in
    one URL (board, card number, attachment...) belong together."""
    # Keyed by id and creation time: a rolled-back test's organisation may reuse the id.
    key = (organisation.pk, organisation.created_at)
    if key not in _BOARD_WORLDS:
        _BOARD_WORLDS.clear()  # a new test, a new database
        _BOARD_WORLDS[key] = make_board_world(organisation)
    return _BOARD_WORLDS[key]


_SPRINTS: dict[int, tuple[BoardWorld, int]] = {}


def _sprint(organisation: Organisation) -> int:
    """A sprint of the organisation's board world (the same board as `board_id`)."""
    world = _board_world(organisation)
    known = _SPRINTS.get(organisation.pk)
    if known is None or known[0] is not world:  # a new world, a new test
        _SPRINTS[organisation.pk] = (world, make_sprint(board=world.board).pk)
    return _SPRINTS[organisation.pk][1]


_RETROSPECTIVES: dict[int, tuple[BoardWorld, int]] = {}


def _retrospective(organisation: Organisation) -> int:
    """A retrospective of the organisation's board world (the same board as `board_id`)."""
    world = _board_world(organisation)
    known = _RETROSPECTIVES.get(organisation.pk)
    if known is None or known[0] is not world:  # a new world, a new test
        _RETROSPECTIVES[organisation.pk] = (world, make_retrospective(board=world.board).pk)
    return _RETROSPECTIVES[organisation.pk][1]


# kwarg name → a factory that makes an object of that kind in the organisation, returns its id.
FOREIGN_OBJECTS: dict[str, Callable[[Organisation], int]] = {
    # The board world's team, whose guest is `user_id`: a member's address of that team works.
    "team_id": lambda organisation: _board_world(organisation).board.team_id,
    "board_id": lambda organisation: _board_world(organisation).board.pk,
    "number": lambda organisation: _board_world(organisation).card.number,
    "column_id": lambda organisation: _board_world(organisation).column.pk,
    "swimlane_id": lambda organisation: _board_world(organisation).swimlane.pk,
    "label_id": lambda organisation: _board_world(organisation).label.pk,
    "comment_id": lambda organisation: _board_world(organisation).comment.pk,
    "attachment_id": lambda organisation: _board_world(organisation).attachment.pk,
    "item_id": lambda organisation: _board_world(organisation).checklist_item.pk,
    "link_id": lambda organisation: _board_world(organisation).link.pk,
    "user_id": lambda organisation: _board_world(organisation).guest.pk,
    "notification_id": lambda organisation: _board_world(organisation).notification.pk,
    "token_id": lambda organisation: _board_world(organisation).token.pk,
    "person_id": lambda organisation: (
        EmploymentFactory(ente=EnteFactory(organisation=organisation)).user_id
    ),
    "member_id": lambda organisation: _board_world(organisation).member.pk,
    "template_id": lambda organisation: _board_world(organisation).card_template.pk,
    "recurrence_id": lambda organisation: _board_world(organisation).recurrence.pk,
    "sprint_id": lambda organisation: _sprint(organisation),
    "retrospective_id": lambda organisation: _retrospective(organisation),
}


# Only their owner may open these: anyone else, even in the same organisation, gets 404.
OWNER_ONLY = {"notifications:open"}


@dataclass(frozen=True)
class TenantRoute:
    name: str
    kwargs: tuple[str, ...]  # besides org_slug

    def url(self, org_slug: str, ids: dict[str, int]) -> str:
        return reverse(self.name, kwargs={"org_slug": org_slug, **ids})


def _walk(
    patterns: list[URLPattern | URLResolver], namespace: str, kwargs: tuple[str, ...]
) -> Iterator[tuple[str | None, tuple[str, ...]]]:
    for entry in patterns:
        own = tuple(getattr(entry.pattern, "converters", {}))
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, inner, kwargs + own)
        else:
            yield (f"{namespace}{entry.name}" if entry.name else None), kwargs + own


def tenant_routes() -> list[TenantRoute]:
    routes = []
    for name, kwargs in _walk(get_resolver().url_patterns, "", ()):
        if "org_slug" in kwargs:
            routes.append(
                TenantRoute(
                    name=name or "<unnamed>", kwargs=tuple(k for k in kwargs if k != "org_slug")
                )
            )
    return routes


ROUTES = tenant_routes()


def _get_or_post(client, url):
    response = client.get(url)
    if response.status_code == 405:
        response = client.post(url)
    return response


@pytest.fixture
def org_a_it_admin(db):
    ente = EnteFactory()
    user = UserFactory()
    EmploymentFactory(user=user, ente=ente)
    RoleAssignmentFactory(organisation=ente.organisation, user=user, role="it_admin")
    return user


def test_walk_finds_the_tenant_pages_and_api():
    names = {route.name for route in ROUTES}
    assert {"organisations:team-detail", "organisations-api:team-detail"} <= names


@pytest.mark.parametrize("route", ROUTES, ids=lambda route: route.name)
def test_route_is_named_and_every_kwarg_has_a_foreign_object(route):
    assert route.name != "<unnamed>", "name the URL pattern so it can be walked"
    unknown = set(route.kwargs) - set(FOREIGN_OBJECTS)
    assert not unknown, f"add {unknown} to FOREIGN_OBJECTS"


@pytest.mark.parametrize("route", ROUTES, ids=lambda route: route.name)
def test_route_answers_404_for_another_organisation(client, org_a_it_admin, route):
    # given: the IT administrator of organisation A, and an organisation B with its own objects
    organisation_b = EnteFactory().organisation
    ids_b = {kwarg: FOREIGN_OBJECTS[kwarg](organisation_b) for kwarg in route.kwargs}
    client.force_login(org_a_it_admin)
    # when: they ask for B's address
    response = _get_or_post(client, route.url(organisation_b.slug, ids_b))
    # then
    assert response.status_code == 404


@pytest.mark.parametrize(
    "route", [route for route in ROUTES if route.kwargs], ids=lambda route: route.name
)
def test_route_answers_404_for_an_object_of_another_organisation(client, org_a_it_admin, route):
    # given
    organisation_a = org_a_it_admin.employments.get().organisation
    organisation_b = EnteFactory().organisation
    ids_a = {kwarg: FOREIGN_OBJECTS[kwarg](organisation_a) for kwarg in route.kwargs}
    ids_b = {kwarg: FOREIGN_OBJECTS[kwarg](organisation_b) for kwarg in route.kwargs}
    client.force_login(org_a_it_admin)
    # when: A's own address, with B's objects in it (and, to show the address works, A's)
    foreign = _get_or_post(client, route.url(organisation_a.slug, ids_b))
    own = _get_or_post(client, route.url(organisation_a.slug, ids_a))
    # then
    assert foreign.status_code == 404
    if route.name not in OWNER_ONLY:
        assert own.status_code != 404
