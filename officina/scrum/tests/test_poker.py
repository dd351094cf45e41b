"""Live estimation ("planning poker", decision 0045): who votes and who watches, hidden votes,
the reveal, re-votes, accepting the estimate, concurrent votes, the page and its query count."""

import json
import threading
from decimal import Decimal

import pytest
from django.db import close_old_connections, connection
from django.test import Client
from django.urls import reverse

from officina.boards.models import Board, WorkItemEvent
from officina.common.exceptions import NotFound, PermissionDeniedError
from officina.organisations.models import TeamMembership
from officina.organisations.tests.factories import (
    OrganisationFactory,
    TeamFactory,
    TeamMembershipFactory,
    UserFactory,
)
from officina.scrum.exceptions import ScrumRuleError
from officina.scrum.models import PokerRound, PokerVote
from officina.scrum.selectors.poker import public_state
from officina.scrum.services.backlog import backlog_item_create
from officina.scrum.services.poker import (
    poker_accept,
    poker_open,
    poker_pick_story,
    poker_reveal,
    poker_revote,
    poker_vote,
)
from officina.scrum.tests.factories import make_scrum_board

pytestmark = pytest.mark.django_db


def client_of(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="it")
    client.force_login(user)
    return client


def url(name, board):
    return reverse(f"scrum:{name}", args=[board.organisation.slug, board.pk])


@pytest.fixture
def story(actor, board):
    return backlog_item_create(actor=actor, board=board, title="Carta di identità").work_item


@pytest.fixture
def running(actor, lead_actor, board, story):
    """An estimation with the story picked, by the member as facilitator."""
    poker_open(actor=actor, board_id=board.pk)
    return poker_pick_story(actor=actor, board_id=board.pk, work_item=story)


@pytest.fixture
def guest(team, board):
    user = UserFactory(first_name="Fornitore", last_name="Esterno")
    TeamMembershipFactory(team=team, user=user, role=TeamMembership.Role.GUEST)
    board.guest_rights = Board.GuestRights.EDIT
    board.save(update_fields=["guest_rights"])
    board.guests.add(user)
    return user


def test_both_members_vote_hidden_then_the_reveal_shows_every_card(
    running, actor, lead_actor, board
):
    poker_vote(actor=actor, board_id=board.pk, value="5")
    poker_vote(actor=lead_actor, board_id=board.pk, value="8")

    hidden = public_state(board.pk)
    assert [p["name"] for p in hidden["round"]["voted"]] == ["Giulia Ferrari", "Marco Bertolini"]
    assert "votes" not in hidden["round"]
    assert "summary" not in hidden["round"]
    assert '"5"' not in json.dumps(hidden)
    assert '"8"' not in json.dumps(hidden)

    poker_reveal(actor=actor, board_id=board.pk)
    shown = public_state(board.pk)["round"]
    assert [(v["name"], v["value"]) for v in shown["votes"]] == [
        ("Giulia Ferrari", "5"),
        ("Marco Bertolini", "8"),
    ]
    assert shown["summary"]["median"] == "6.5"
    assert (shown["summary"]["min"], shown["summary"]["max"]) == ("5", "8")
    assert shown["summary"]["suggested"] == "8"


def test_a_second_vote_replaces_the_first_before_the_reveal(running, actor, board):
    poker_vote(actor=actor, board_id=board.pk, value="3")
    poker_vote(actor=actor, board_id=board.pk, value="13")
    assert list(PokerVote.objects.values_list("value", flat=True)) == ["13"]


def test_a_vote_after_the_reveal_is_refused_in_italian(running, actor, lead_actor, board):
    poker_vote(actor=actor, board_id=board.pk, value="3")
    poker_reveal(actor=actor, board_id=board.pk)
    client = client_of(lead_actor.user)
    response = client.post(url("poker-vote", board), {"value": "5"}, follow=True)
    assert "Le carte sono già state scoperte" in response.content.decode()
    assert PokerVote.objects.count() == 1
    with pytest.raises(ScrumRuleError):
        poker_vote(actor=actor, board_id=board.pk, value="5")


def test_a_card_off_the_deck_is_refused(running, actor, board):
    with pytest.raises(ScrumRuleError):
        poker_vote(actor=actor, board_id=board.pk, value="4")


def test_a_revote_is_a_new_round_on_the_same_story_with_votes_hidden(
    running, actor, lead_actor, board, story
):
    poker_vote(actor=actor, board_id=board.pk, value="2")
    poker_reveal(actor=actor, board_id=board.pk)
    again = poker_revote(actor=actor, board_id=board.pk)
    assert (again.work_item_id, again.number) == (story.pk, 2)
    state = public_state(board.pk)["round"]
    assert state["revealed"] is False
    assert state["voted"] == []


def test_accepting_writes_the_estimate_to_the_story_and_its_history(
    running, actor, lead_actor, board, story
):
    poker_vote(actor=actor, board_id=board.pk, value="5")
    poker_vote(actor=lead_actor, board_id=board.pk, value="5")
    poker_reveal(actor=actor, board_id=board.pk)
    poker_accept(actor=actor, board_id=board.pk, value="5")
    story.refresh_from_db()
    assert story.estimate == Decimal(5)
    event = WorkItemEvent.objects.filter(work_item=story, kind="estimated").get()
    assert event.data == {"estimate": [None, "5.0"]}
    assert public_state(board.pk)["round"]["accepted"] == "5"
    with pytest.raises(ScrumRuleError):  # the round is over: pick the next story
        poker_vote(actor=actor, board_id=board.pk, value="3")


def test_accept_needs_the_reveal_and_a_card_of_the_scale(running, actor, board):
    poker_vote(actor=actor, board_id=board.pk, value="5")
    with pytest.raises(ScrumRuleError):
        poker_accept(actor=actor, board_id=board.pk, value="5")
    poker_reveal(actor=actor, board_id=board.pk)
    with pytest.raises(ScrumRuleError):
        poker_accept(actor=actor, board_id=board.pk, value="?")


def test_a_guest_who_edits_cards_and_a_read_only_colleague_watch_but_cannot_vote(
    running, guest, viewer, board, organisation, actor_of
):
    for user in (guest, viewer):
        with pytest.raises(PermissionDeniedError):
            poker_vote(actor=actor_of(user, organisation), board_id=board.pk, value="3")
        page = client_of(user).get(url("poker", board))
        assert page.status_code == 200
        assert "Stai guardando" in page.content.decode()
        assert 'name="value" value="3"' not in page.content.decode()
    with pytest.raises(PermissionDeniedError):
        poker_reveal(actor=actor_of(viewer, organisation), board_id=board.pk)


def test_another_organisation_finds_nothing(running, board, actor_of):
    other = OrganisationFactory()
    stranger = UserFactory()
    TeamMembershipFactory(team=TeamFactory(organisation=other), user=stranger)
    assert client_of(stranger).get(url("poker", board)).status_code == 404
    assert client_of(stranger).post(url("poker-vote", board), {"value": "3"}).status_code == 404
    with pytest.raises(NotFound):
        poker_vote(actor=actor_of(stranger, other), board_id=board.pk, value="3")


def test_a_private_board_answers_404_to_a_colleague(actor, team, viewer):
    private = make_scrum_board(team=team, visibility=Board.Visibility.TEAM)
    assert client_of(viewer).get(url("poker", private)).status_code == 404


def test_the_page_shows_the_own_vote_after_a_reload_and_not_the_others(
    running, actor, lead_actor, board, member
):
    poker_vote(actor=actor, board_id=board.pk, value="8")
    poker_vote(actor=lead_actor, board_id=board.pk, value="13")
    page = client_of(member).get(url("poker", board)).content.decode()
    assert 'value="8" class="btn poker-card btn-primary" aria-pressed="true"' in page
    assert 'aria-pressed="true"' in page
    assert page.count('aria-pressed="true"') == 1
    assert "Marco Bertolini" in page  # has voted
    assert ">13<" in page  # only as a card of the deck, not as Marco's vote
    assert "Risultato" not in page


def test_the_whole_round_by_forms_without_javascript(member, lead, board, story):
    giulia, marco = client_of(member), client_of(lead)
    giulia.post(url("poker-open", board))
    giulia.post(url("poker-story", board), {"story": story.number})
    giulia.post(url("poker-vote", board), {"value": "3"})
    marco.post(url("poker-vote", board), {"value": "5"})
    giulia.post(url("poker-reveal", board))
    page = marco.get(url("poker", board)).content.decode()
    assert "Mediana 4, minimo 3, massimo 5." in page
    giulia.post(url("poker-accept", board), {"value": "5"})
    story.refresh_from_db()
    assert story.estimate == Decimal(5)


def test_the_page_query_count_does_not_grow_with_the_voters(
    running, board, team, member, organisation, actor_of, warm_access, django_assert_max_num_queries
):
    from officina.organisations.tests.factories import TeamMembershipFactory as Membership

    for _ in range(8):
        person = UserFactory()
        Membership(team=team, user=person, role=TeamMembership.Role.MEMBER)
        PokerVote.objects.create(
            organisation=organisation,
            round=running,
            voter=person,
            value="3",
            voted_at=running.started_at,
        )
    client = client_of(member)
    warm_access(member, organisation, board)
    client.get(url("poker", board))
    with django_assert_max_num_queries(14):
        response = client.get(url("poker", board))
    assert response.status_code == 200


@pytest.mark.django_db(transaction=True)
def test_two_people_voting_at_once_both_count(running, actor, lead_actor, board):
    if connection.vendor != "postgresql":
        pytest.skip("two writers at once need PostgreSQL (SQLite serialises the file)")
    errors: list[BaseException] = []
    barrier = threading.Barrier(2, timeout=10)

    def vote(who, value):
        try:
            barrier.wait()
            poker_vote(actor=who, board_id=board.pk, value=value)
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            close_old_connections()

    threads = [
        threading.Thread(target=vote, args=(actor, "3")),
        threading.Thread(target=vote, args=(lead_actor, "5")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert errors == []
    assert sorted(PokerVote.objects.values_list("value", flat=True)) == ["3", "5"]
    assert PokerRound.objects.get().votes.count() == 2


def test_the_estimation_of_a_kanban_board_shows_how_to_switch_scrum_on(member, team):
    from officina.boards.tests.factories import make_board

    kanban = make_board(team=team, name="Protocollo", visibility=Board.Visibility.ORGANISATION)
    response = client_of(member).get(url("poker", kanban))
    assert response.status_code == 200
    assert "Questa bacheca non usa ancora Scrum." in response.content.decode()


def test_picking_no_story_says_so_and_changes_nothing(member, board, story):
    giulia = client_of(member)
    giulia.post(url("poker-open", board))
    response = giulia.post(url("poker-story", board), {"story": ""}, follow=True)
    assert "Scegli la storia da stimare." in response.content.decode()
    assert public_state(board.pk)["round"] is None
