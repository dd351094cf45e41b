"""Managing board roles (decision 0039): naming managers on the settings page (audited), the
guests' rights, what each role sees on the pages, and how roles follow team memberships."""

import importlib
from collections.abc import Callable

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse

from officina.accounts.models import User
from officina.audit.models import AuditEvent
from officina.boards.exceptions import BoardRuleError
from officina.boards.models import Board, BoardTemplate, WorkItem
from officina.boards.selectors.boards import board_get_for_actor, board_role_list
from officina.boards.services.boards import board_create, board_manager_set
from officina.boards.services.cards import work_item_update
from officina.boards.tests.factories import bulk_cards, make_board
from officina.common.exceptions import PermissionDeniedError
from officina.organisations.actor import Actor
from officina.organisations.models import Organisation, Team, TeamMembership
from officina.organisations.selectors import actor_for_user
from officina.organisations.tests.factories import TeamFactory, TeamMembershipFactory

pytestmark = pytest.mark.django_db


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _url(board: Board, name: str, **kwargs: object) -> str:
    return reverse(
        f"boards:{name}",
        kwargs={"org_slug": board.organisation.slug, "board_id": board.pk, **kwargs},
    )


@pytest.fixture
def card(board: Board) -> WorkItem:
    todo, lane = board.columns.get(position=0), board.swimlanes.get()
    return bulk_cards(board=board, count=1, column=todo, swimlane=lane)[0]


def test_lead_names_a_member_manager_on_the_settings_page_and_it_is_audited(lead, member, board):
    # given
    client = _client(lead)
    page = client.get(_url(board, "board-settings")).content.decode()
    assert _url(board, "board-manager-set", member_id=member.pk) in page
    # when
    response = client.post(
        _url(board, "board-manager-set", member_id=member.pk), {"manager": "1"}, follow=True
    )
    # then
    assert response.status_code == 200
    assert "Giulia Ferrari" in response.content.decode()
    assert board.managers.filter(pk=member.pk).exists()
    event = AuditEvent.objects.get(action=AuditEvent.Action.ROLE_GRANTED)
    assert (event.actor, event.target_id, event.details["role"], event.details["user"]) == (
        lead,
        str(board.pk),
        "board_manager",
        member.pk,
    )
    # and the member now reaches the settings, where they could not before
    assert _client(member).get(_url(board, "board-settings")).status_code == 200


def test_dropping_a_manager_takes_the_structure_away_again_and_is_audited(lead, member, board):
    board.managers.add(member)
    assert _client(member).get(_url(board, "board-settings")).status_code == 200

    _client(lead).post(_url(board, "board-manager-set", member_id=member.pk), {"manager": "0"})

    assert not board.managers.filter(pk=member.pk).exists()
    assert AuditEvent.objects.filter(action=AuditEvent.Action.ROLE_REVOKED).count() == 1
    assert _client(member).get(_url(board, "board-settings")).status_code == 403


def test_a_member_cannot_name_themselves_manager(member, board):
    response = _client(member).post(
        _url(board, "board-manager-set", member_id=member.pk), {"manager": "1"}
    )
    assert response.status_code == 403
    assert not board.managers.exists()


def test_only_members_of_the_team_can_be_named_managers(
    lead, guest, board, actor_of: Callable[..., Actor], organisation: Organisation
):
    actor = actor_of(lead, organisation)
    # a guest is no member: the settings form does not even find them
    response = _client(lead).post(
        _url(board, "board-manager-set", member_id=guest.pk), {"manager": "1"}
    )
    assert response.status_code == 404
    # and the service refuses a guest or a lead (leads already manage) in words
    with pytest.raises(BoardRuleError):
        board_manager_set(actor=actor, board=board, user=guest, manager=True)
    with pytest.raises(BoardRuleError):
        board_manager_set(actor=actor, board=board, user=lead, manager=True)
    assert not board.managers.exists()


def test_a_member_who_becomes_a_guest_stops_managing(member, team: Team, board):
    board.managers.add(member)
    membership = TeamMembership.objects.get(team=team, user=member)
    membership.role = TeamMembership.Role.GUEST
    membership.save()
    assert not board.managers.exists()


def test_the_member_who_creates_a_board_manages_it(
    member, team, organisation, actor_of: Callable[..., Actor]
):
    actor = actor_of(member, organisation)
    template = BoardTemplate.objects.get(key="kanban-base")
    made = board_create(actor=actor, team=team, name="Nuova", template=template)
    assert made.guest_rights == Board.GuestRights.COMMENT  # the safer default for new boards
    assert board_get_for_actor(actor=actor, board_id=made.pk).access.can_manage


def test_guest_rights_change_on_the_settings_page_and_take_effect_at_once(lead, guest, board, card):
    # given: a comment-only guest (the default of a new board)
    board.guests.add(guest)
    card_page = _url(board, "card-detail", number=card.number)
    before = _client(guest).get(card_page).content.decode()
    assert _url(board, "card-edit", number=card.number) not in before
    # when: a manager lets guests edit cards
    _client(lead).post(
        _url(board, "board-settings"),
        {
            "name": board.name,
            "description": "",
            "visibility": board.visibility,
            "guest_rights": Board.GuestRights.EDIT,
        },
    )
    # then: the cached access was dropped, the guest now edits
    board.refresh_from_db()
    assert board.guest_rights == Board.GuestRights.EDIT
    after = _client(guest).get(card_page).content.decode()
    assert _url(board, "card-edit", number=card.number) in after


def test_a_comment_only_guest_sees_the_comment_form_but_no_edit_or_move_controls(
    guest, board, card
):
    board.guests.add(guest)
    client = _client(guest)
    card_page = client.get(_url(board, "card-detail", number=card.number)).content.decode()
    assert _url(board, "card-comment-add", number=card.number) in card_page
    assert _url(board, "card-edit", number=card.number) not in card_page
    assert _url(board, "card-move", number=card.number) not in card_page
    assert "Solo commenti" in card_page
    board_page = client.get(_url(board, "board-detail")).content.decode()
    assert _url(board, "card-create") not in board_page
    assert 'data-editable="1"' not in board_page
    # and the comment goes through
    response = client.post(_url(board, "card-comment-add", number=card.number), {"body": "Ok"})
    assert response.status_code == 302
    assert card.comments.get().body == "Ok"


def test_a_member_sees_card_controls_but_no_board_settings(member, lead, board, card):
    member_page = _client(member).get(_url(board, "board-detail")).content.decode()
    lead_page = _client(lead).get(_url(board, "board-detail")).content.decode()
    settings = _url(board, "board-settings")
    assert settings not in member_page
    assert _url(board, "card-create") in member_page
    assert settings in lead_page


def test_a_non_manager_changes_no_setting_by_posting_the_form(member, board):
    response = _client(member).post(
        _url(board, "board-settings"),
        {"name": "Presa", "description": "", "visibility": "team", "guest_rights": "edit"},
    )
    assert response.status_code == 403
    board.refresh_from_db()
    assert (board.name, board.guest_rights) == ("Bacheca del team", "comment")


def test_the_role_list_is_the_same_number_of_queries_for_1_and_10_members(
    lead, team, board, django_assert_num_queries, make_employee
):
    actor_seen = board_get_for_actor(actor=_actor(lead, board.organisation), board_id=board.pk)
    with django_assert_num_queries(1):
        assert len(board_role_list(seen=actor_seen)) == 1
    for index in range(9):
        TeamMembershipFactory(
            team=team, user=make_employee(first_name=f"P{index}"), role=TeamMembership.Role.MEMBER
        )
    with django_assert_num_queries(1):
        roles = board_role_list(seen=actor_seen)
    assert len(roles) == 10
    assert roles[0].is_lead
    assert roles[0].is_manager


def _actor(user: User, organisation: Organisation) -> Actor:
    return actor_for_user(user=user, organisation_slug=organisation.slug)


def test_migration_names_creators_and_the_members_of_teams_without_a_lead(
    team, member, lead, organisation
):
    # given: a board made by the member in a team with a lead, and a board of a leaderless team
    made_by_member = make_board(team=team, name="Sua", created_by=member)
    other = make_board(team=team, name="Altrui", created_by=lead)
    leaderless_team = TeamFactory(organisation=organisation)
    TeamMembershipFactory(team=leaderless_team, user=member, role=TeamMembership.Role.MEMBER)
    leaderless = make_board(team=leaderless_team, name="Senza responsabile")
    migration = importlib.import_module("officina.boards.migrations.0007_board_managers_data")
    # when
    migration.name_first_managers(apps, None)
    # then
    assert list(made_by_member.managers.all()) == [member]
    assert not other.managers.exists()
    assert list(leaderless.managers.all()) == [member]


def test_a_comment_only_guest_is_refused_edits_with_the_reason(
    guest, board, card, actor_of: Callable[..., Actor], organisation: Organisation
):
    board.guests.add(guest)
    actor = actor_of(guest, organisation)
    with pytest.raises(PermissionDeniedError):
        work_item_update(actor=actor, work_item=card, data={"title": "No"})
