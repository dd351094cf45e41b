""" "Il mio lavoro" on the home page: my open cards across every board, in one query."""

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from officina.accounts.models import User
from officina.boards.models import Board, WorkItem
from officina.boards.services.cards import work_item_create, work_item_set_blocked
from officina.boards.services.moves import work_item_move
from officina.boards.tests.factories import make_board
from officina.organisations.actor import Actor
from officina.organisations.models import Team
from officina.organisations.tests.factories import TeamFactory, TeamMembershipFactory

pytestmark = pytest.mark.django_db


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _home(client: Client, organisation_slug: str) -> str:
    response = client.get(reverse("organisations:home", args=[organisation_slug]))
    assert response.status_code == 200
    return response.content.decode()


def _card(actor: Actor, board: Board, title: str, **fields: Any) -> WorkItem:
    return work_item_create(
        actor=actor, board=board, title=title, assignee_ids=[actor.user.pk], **fields
    )


def test_my_open_cards_across_boards_with_due_and_blocked(
    team: Team, member, member_actor, organisation
):
    # given: cards of mine on two boards, one overdue and blocked, one done, one someone else's
    first = make_board(team=team, name="Protocollo")
    second = make_board(team=team, name="Mensa")
    overdue = _card(member_actor, first, "Scaduta", due_date=timezone.localdate() - timedelta(1))
    work_item_set_blocked(actor=member_actor, work_item=overdue, blocked=True, reason="Firma")
    _card(member_actor, second, "Nella mensa")
    done = _card(member_actor, second, "Già fatta")
    work_item_move(actor=member_actor, work_item=done, column=second.columns.get(name="Fatto"))
    work_item_create(actor=member_actor, board=first, title="Di nessuno")
    # when
    page = _home(_client(member), organisation.slug)
    # then
    assert "Scaduta" in page
    assert "Nella mensa" in page
    assert "Protocollo" in page
    assert "Mensa" in page
    assert "Già fatta" not in page
    assert "Di nessuno" not in page
    card_url = reverse("boards:card-detail", args=[organisation.slug, first.pk, overdue.number])
    assert card_url in page
    assert "officina-overdue-badge" in page
    assert page.count("<h1") == 1


def test_no_cards_shows_an_empty_state(member, organisation):
    page = _home(_client(member), organisation.slug)
    assert 'id="my-cards"' in page
    assert "<table" not in page.split('id="my-cards"')[1].split("</section>")[0]


def test_cards_of_a_board_i_can_no_longer_see_are_hidden(organisation, member, member_actor, team):
    other_team = TeamFactory(organisation=organisation)
    TeamMembershipFactory(team=other_team, user=member)
    board = make_board(team=other_team, name="Vecchia squadra")
    _card(member_actor, board, "Di prima")
    other_team.memberships.filter(user=member).delete()
    assert "Di prima" not in _home(_client(member), organisation.slug)


def test_home_queries_do_not_grow_with_my_cards(team, member, member_actor, organisation):
    client = _client(member)
    board = make_board(team=team)
    _card(member_actor, board, "Una")
    client.get(reverse("organisations:home", args=[organisation.slug]))

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            _home(client, organisation.slug)
        return len(queries)

    one = count()
    other = make_board(team=team, name="Seconda")
    for index in range(8):
        _card(member_actor, other if index % 2 else board, f"Scheda {index}")
    assert count() == one
