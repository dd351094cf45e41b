"""Cached access (officina/organisations/access_cache.py): a change to who may do what takes
effect on the very next request, however it was made, while nothing else costs the cache."""

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from officina.boards.models import Board, WorkItem
from officina.boards.services.boards import board_guest_set, board_update
from officina.boards.tests.factories import bulk_cards
from officina.boards.tests.test_board_views import board_url, cell, client_for
from officina.organisations.access_cache import current_generation
from officina.organisations.models import Employment, RoleAssignment, TeamMembership

pytestmark = pytest.mark.django_db


def _sees(client: Client, board: Board) -> bool:
    status = client.get(board_url(board)).status_code
    assert status in (200, 404)
    return status == 200


def _moves(client: Client, board: Board, card: WorkItem) -> int:
    column = board.columns.get(position=1)
    return client.post(
        board_url(board, "boards:card-move", number=card.number),
        {"column": column.pk, "swimlane": card.swimlane_id, "position": 0},
        HTTP_X_REQUESTED_WITH="fetch",
    ).status_code


def test_a_member_taken_off_the_team_loses_the_board_on_the_next_request(member, board):
    client = client_for(member)
    assert _sees(client, board)  # the actor and the access are cached now

    TeamMembership.objects.get(user=member, team=board.team).delete()

    assert not _sees(client, board)


def test_a_member_taken_off_the_team_can_no_longer_move_a_card(member, board):
    todo, lane = cell(board)
    card = bulk_cards(board=board, count=1, column=todo, swimlane=lane)[0]
    client = client_for(member)
    assert _sees(client, board)

    TeamMembership.objects.filter(user=member).delete()

    assert _moves(client, board, card) == 404
    card.refresh_from_db()
    assert card.column == todo


def test_a_bulk_change_that_bypasses_model_signals_takes_effect_at_once(outsider, board, member):
    # given: a board the whole organisation sees, seen by an employee of another comune
    board.visibility = Board.Visibility.ORGANISATION
    board.save()
    client = client_for(outsider)
    assert _sees(client, board)

    # when: their employment ends through a queryset update (an import does the same)
    Employment.objects.filter(user=outsider).update(is_active=False)

    # then: not employed, not in a team: the organisation itself is gone for them
    assert client.get(board_url(board)).status_code == 404


def test_a_board_made_private_again_disappears_for_those_who_saw_it(
    outsider, board, lead, actor_of
):
    board.visibility = Board.Visibility.ORGANISATION
    board.save()
    client = client_for(outsider)
    assert _sees(client, board)

    board_update(
        actor=actor_of(lead, board.organisation), board=board, visibility=Board.Visibility.TEAM
    )

    assert not _sees(client, board)


def test_a_guest_whose_invitation_is_withdrawn_loses_the_board(guest, board, lead, actor_of):
    lead_actor = actor_of(lead, board.organisation)
    board_guest_set(actor=lead_actor, board=board, user=guest, invited=True)
    client = client_for(guest)
    assert _sees(client, board)

    board_guest_set(actor=lead_actor, board=board, user=guest, invited=False)

    assert not _sees(client, board)


def test_a_role_taken_away_is_gone_on_the_next_request(organisation, member, board):
    # Importing people is for HR (and IT); the role is cached with the actor.
    role = RoleAssignment.objects.create(
        organisation=organisation,
        user=member,
        role=RoleAssignment.Role.HR,
        ente=member.employments.get().ente,
    )
    client = client_for(member)
    people_import = reverse("organisations:person-import", args=[organisation.slug])
    assert client.get(people_import).status_code == 200

    role.delete()

    assert client.get(people_import).status_code == 404


def test_moves_and_edits_do_not_drop_the_cached_access(member, board):
    todo, lane = cell(board)
    card = bulk_cards(board=board, count=1, column=todo, swimlane=lane)[0]
    client = client_for(member)
    assert _sees(client, board)
    before = current_generation()

    assert _moves(client, board, card) == 200
    board.refresh_from_db()
    board.name = "Rinominata"
    board.save(update_fields=["name"])

    assert current_generation() == before


def test_the_generation_lives_in_the_database_and_a_rollback_restores_it(member, board):
    # Every process reads the token from the database: a change made by another process (the
    # task worker, a command) is seen at once. A rolled-back change leaves the token as it was.
    before = current_generation()
    inside = []

    def change_then_fail() -> None:
        with transaction.atomic():
            TeamMembership.objects.filter(user=member).delete()
            inside.append(current_generation())
            raise RuntimeError

    with pytest.raises(RuntimeError):
        change_then_fail()
    assert inside[0] != before
    assert current_generation() == before

    TeamMembership.objects.filter(user=member).delete()
    assert current_generation() != before
