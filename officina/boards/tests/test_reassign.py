"""A person who leaves: their open cards go to the colleague HR chose, their history stays."""

import pytest
from django.urls import reverse

from officina.boards.models import Comment, Stage, WorkItemEvent
from officina.boards.services.cards import work_item_create, work_item_set_archived
from officina.boards.services.comments import comment_create
from officina.boards.services.reassign import open_work_item_list
from officina.boards.tests.factories import make_board
from officina.notifications.models import Notification
from officina.organisations.models import Employment, TeamMembership
from officina.organisations.services.people import person_deactivate
from officina.organisations.tests.factories import (
    EmploymentFactory,
    EnteFactory,
    RoleAssignmentFactory,
    TeamFactory,
    TeamMembershipFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def hr(make_employee, organisation, ente):
    user = make_employee(first_name="Rita", last_name="Personale")
    RoleAssignmentFactory(organisation=organisation, user=user, role="hr", ente=ente)
    return user


def _deactivate(actor, leaver, successor):
    employment = Employment.objects.get(user=leaver, organisation=actor.organisation)
    return person_deactivate(actor=actor, employment=employment, successor=successor)


def _card(board, actor, title, assignees, stage=None):
    column = board.columns.get(stage=stage) if stage else None
    return work_item_create(
        actor=actor,
        board=board,
        title=title,
        column=column,
        assignee_ids=[user.pk for user in assignees],
    )


def test_open_cards_move_to_the_successor_with_history(
    organisation, board, member, lead, hr, actor_of
):
    # given Giulia (member) holds an open card, shared with Marco (lead)
    card = _card(board, actor_of(member, organisation), "Delibera", [member, lead])
    # when HR deactivates Giulia and gives her work to Marco
    done = _deactivate(actor_of(hr, organisation), member, lead)
    # then the card is Marco's only, and its history says who changed it and how
    assert done.work_moved == 1
    assert list(card.assignees.all()) == [lead]
    unassigned = card.events.get(kind=WorkItemEvent.Kind.UNASSIGNED)
    assert unassigned.actor == hr
    assert unassigned.data["removed"] == [[member.pk, "Giulia Ferrari"]]
    assert not card.events.filter(kind=WorkItemEvent.Kind.ASSIGNED, actor=hr).exists()


def test_the_successor_is_assigned_where_the_leaver_was(
    organisation, board, member, lead, hr, actor_of
):
    card = _card(board, actor_of(member, organisation), "Delibera", [member])
    _deactivate(actor_of(hr, organisation), member, lead)
    assert list(card.assignees.all()) == [lead]
    assigned = card.events.get(kind=WorkItemEvent.Kind.ASSIGNED, actor=hr)
    assert assigned.data["added"] == [[lead.pk, "Marco Bertolini"]]
    assert Notification.objects.filter(recipient=lead, kind="assigned", actor=hr).exists()
    board.refresh_from_db()
    assert board.version > 1


def test_done_and_archived_cards_keep_the_leaver(organisation, board, member, lead, hr, actor_of):
    # given one card done and one archived, both Giulia's
    actor = actor_of(member, organisation)
    finished = _card(board, actor, "Fatta", [member], stage=Stage.DONE)
    archived = _card(board, actor, "Archiviata", [member])
    work_item_set_archived(actor=actor, work_item=archived, archived=True, resolution="wont_do")
    # when
    done = _deactivate(actor_of(hr, organisation), member, lead)
    # then they still say who did the work
    assert done.work_moved == 0
    assert list(finished.assignees.all()) == [member]
    assert list(archived.assignees.all()) == [member]


def test_the_leaver_s_history_stays_under_their_name(
    organisation, board, member, lead, hr, actor_of
):
    # given a card Giulia created and commented on
    actor = actor_of(member, organisation)
    card = _card(board, actor, "Delibera", [member])
    comment_create(actor=actor, work_item=card, body="Ho chiamato l'ufficio tributi.")
    # when
    _deactivate(actor_of(hr, organisation), member, lead)
    # then nothing of hers went away: the events and the comment still point at her
    assert card.events.get(kind=WorkItemEvent.Kind.CREATED).actor == member
    assert Comment.objects.get(work_item=card).author == member
    assert card.created_by == member
    member.refresh_from_db()
    assert not member.is_active


def test_a_successor_outside_the_team_joins_it_as_a_member(
    organisation, board, team, member, hr, make_employee, actor_of
):
    # given a colleague of another team
    colleague = make_employee(first_name="Anna", last_name="Neri")
    card = _card(board, actor_of(member, organisation), "Delibera", [member])
    # when
    _deactivate(actor_of(hr, organisation), member, colleague)
    # then
    assert list(card.assignees.all()) == [colleague]
    joined = TeamMembership.objects.get(team=team, user=colleague)
    assert joined.role == TeamMembership.Role.MEMBER


def test_cards_of_another_organisation_are_not_touched(organisation, member, lead, hr, actor_of):
    # given Giulia also works for another organisation, with a card there
    ente_b = EnteFactory()
    EmploymentFactory(user=member, ente=ente_b)
    team_b = TeamFactory(organisation=ente_b.organisation)
    TeamMembershipFactory(team=team_b, user=member, role=TeamMembership.Role.LEAD)
    board_b = make_board(team=team_b)
    card_b = _card(board_b, actor_of(member, ente_b.organisation), "Altrove", [member])
    # when she leaves our organisation
    _deactivate(actor_of(hr, organisation), member, lead)
    # then her card there is still hers
    assert list(card_b.assignees.all()) == [member]


def test_a_guest_s_board_invitations_go_with_their_team(
    organisation, board, team, guest, lead, hr, actor_of
):
    # given a guest who is also an employee of the ente, invited to the board
    EmploymentFactory(user=guest, ente=Employment.objects.get(user=hr).ente)
    board.guests.add(guest)
    # when
    _deactivate(actor_of(hr, organisation), guest, lead)
    # then
    assert not board.guests.filter(pk=guest.pk).exists()


def test_person_page_says_what_work_will_move(
    client, organisation, board, member, lead, hr, actor_of
):
    _card(board, actor_of(member, organisation), "Delibera", [member])
    _card(board, actor_of(member, organisation), "Determina", [member])
    client.force_login(hr)
    response = client.get(
        reverse("organisations:person-deactivate", args=[organisation.slug, member.pk])
    )
    page = response.content.decode()
    assert "2 schede aperte su 1 bacheca" in page
    assert "Bertolini Marco" in page  # a colleague of her team, offered as successor


def test_a_successor_is_required_when_work_is_open(
    client, organisation, board, member, hr, actor_of
):
    _card(board, actor_of(member, organisation), "Delibera", [member])
    client.force_login(hr)
    response = client.post(
        reverse("organisations:person-deactivate", args=[organisation.slug, member.pk]),
        {"confirm": "on"},
    )
    assert response.status_code == 200
    assert open_work_item_list(organisation=organisation, user=member).exists()
    assert Employment.objects.get(user=member).is_active
