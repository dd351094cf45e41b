"""A card moves to another board (decision 0049): it keeps its history, comments and files,
takes the next number there, its old address leads to it, and each board's history sees it
leave one and enter the other; what belongs to a board stays behind; the rules refuse in words."""

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from officina.boards.models import Comment, Label, WorkItem, WorkItemEvent
from officina.boards.services.cards import work_item_create
from officina.boards.services.comments import comment_create
from officina.boards.services.transfer import work_item_transfer
from officina.boards.tests.factories import make_board
from officina.common.exceptions import DomainError, NotFound
from officina.organisations.models import TeamMembership
from officina.organisations.tests.factories import (
    OrganisationFactory,
    TeamFactory,
    TeamMembershipFactory,
)
from officina.scrum.services.backlog import backlog_item_create
from officina.scrum.services.sprints import sprint_add_item
from officina.scrum.tests.factories import make_scrum_board, make_sprint

pytestmark = pytest.mark.django_db

Kind = WorkItemEvent.Kind


@pytest.fixture
def intake(organisation, member):
    """The Union's intake board, where Giulia also works."""
    team = TeamFactory(organisation=organisation, name="Sportello unico")
    TeamMembershipFactory(team=team, user=member, role=TeamMembership.Role.MEMBER)
    return make_board(
        team=team,
        name="Richieste in arrivo",
        columns=(("Da smistare", "not_started"), ("In lavorazione", "in_progress")),
    )


def client_of(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="it")
    client.force_login(user)
    return client


def card_url(board, number, suffix=""):
    return reverse("boards:card-detail", args=[board.organisation.slug, board.pk, number]) + suffix


def test_the_card_moves_with_its_history_and_comments_and_takes_the_next_number(
    member_actor, intake, board
):
    work_item_create(actor=member_actor, board=board, title="Già sulla bacheca")
    card = work_item_create(actor=member_actor, board=intake, title="Richiesta di accesso")
    comment_create(actor=member_actor, work_item=card, body="Arrivata per PEC")

    moved = work_item_transfer(actor=member_actor, work_item=card, to_board_id=board.pk)

    assert (moved.pk, moved.board_id, moved.number) == (card.pk, board.pk, 2)
    assert moved.column.board_id == board.pk
    assert moved.column.stage == "not_started"  # the column of its stage
    assert Comment.objects.get(work_item=moved).body == "Arrivata per PEC"
    kinds = list(WorkItemEvent.objects.filter(work_item=moved).values_list("board_id", "kind"))
    assert kinds[:2] == [(intake.pk, Kind.CREATED), (intake.pk, Kind.COMMENTED)]
    assert kinds[-2:] == [(intake.pk, Kind.LEFT_BOARD), (board.pk, Kind.ENTERED_BOARD)]
    left = WorkItemEvent.objects.get(work_item=moved, kind=Kind.LEFT_BOARD)
    assert left.data == {"board": board.pk, "board_name": board.name, "number": 2}


def test_the_old_address_leads_to_the_card_and_the_card_page_tells_its_story(
    member, member_actor, intake, board
):
    card = work_item_create(actor=member_actor, board=intake, title="Richiesta di accesso")
    moved = work_item_transfer(actor=member_actor, work_item=card, to_board_id=board.pk)
    client = client_of(member)

    old = client.get(card_url(intake, 1))
    page = client.get(card_url(board, moved.number)).content.decode()

    assert old.status_code == 302
    assert old["Location"].endswith(f"/boards/{board.pk}/cards/{moved.number}/")
    assert "ha spostato la scheda qui dalla bacheca Richieste in arrivo, dove era #1" in page


def test_labels_of_the_same_name_stay_and_people_of_another_team_are_unassigned(
    organisation, member, member_actor, intake, board, make_employee, actor_of
):
    urgent_here = Label.objects.create(organisation=organisation, board=intake, name="Urgente")
    Label.objects.create(organisation=organisation, board=intake, name="Solo sportello")
    urgent_there = Label.objects.create(organisation=organisation, board=board, name="Urgente")
    clerk = make_employee(first_name="Anna", last_name="Sportello")
    TeamMembershipFactory(team=intake.team, user=clerk, role=TeamMembership.Role.MEMBER)
    card = work_item_create(
        actor=member_actor,
        board=intake,
        title="Richiesta",
        label_ids=[label.pk for label in intake.labels.all()],
        assignee_ids=[member.pk, clerk.pk],
    )
    assert urgent_here in card.labels.all()

    moved = work_item_transfer(actor=member_actor, work_item=card, to_board_id=board.pk)

    assert list(moved.labels.all()) == [urgent_there]
    assert list(moved.assignees.all()) == [member]
    unassigned = WorkItemEvent.objects.get(work_item=moved, kind=Kind.UNASSIGNED)
    assert unassigned.board_id == board.pk
    assert unassigned.data["removed"][0][0] == clerk.pk


def test_a_chosen_column_and_a_full_or_foreign_column_in_words(member_actor, intake, board):
    card = work_item_create(actor=member_actor, board=intake, title="Richiesta")
    doing = board.columns.get(stage="in_progress")

    moved = work_item_transfer(
        actor=member_actor, work_item=card, to_board_id=board.pk, column_id=doing.pk
    )
    assert moved.column == doing
    assert moved.started_at is not None  # it entered a column in progress

    other = work_item_create(actor=member_actor, board=intake, title="Altra")
    with pytest.raises(DomainError) as refused:
        work_item_transfer(
            actor=member_actor,
            work_item=other,
            to_board_id=board.pk,
            column_id=intake.columns.first().pk,
        )
    assert "colonna aperta della bacheca" in refused.value.text


def test_a_board_where_the_person_does_not_work_is_refused(
    organisation, member_actor, intake, actor_of, make_employee
):
    strangers = make_board(team=TeamFactory(organisation=organisation, name="Polizia locale"))
    card = work_item_create(actor=member_actor, board=intake, title="Richiesta")

    with pytest.raises((DomainError, NotFound)):
        work_item_transfer(actor=member_actor, work_item=card, to_board_id=strangers.pk)
    card.refresh_from_db()
    assert card.board_id == intake.pk


def test_a_board_of_another_organisation_is_refused_and_nothing_changes(member_actor, intake):
    foreign = make_board(team=TeamFactory(organisation=OrganisationFactory()))
    card = work_item_create(actor=member_actor, board=intake, title="Richiesta")

    with pytest.raises(DomainError):
        work_item_transfer(actor=member_actor, work_item=card, to_board_id=foreign.pk)
    assert WorkItem.objects.get(pk=card.pk).board_id == intake.pk


def test_a_story_planned_in_a_sprint_must_leave_the_sprint_first(member_actor, team, intake):
    scrum_board = make_scrum_board(team=team, name="Sprint del team")
    story = backlog_item_create(
        actor=member_actor, board=scrum_board, title="Storia", estimate=Decimal(3)
    ).work_item
    sprint = make_sprint(board=scrum_board)
    sprint_add_item(actor=member_actor, sprint=sprint, work_item=story)

    with pytest.raises(DomainError) as refused:
        work_item_transfer(actor=member_actor, work_item=story, to_board_id=intake.pk)
    assert "toglila dallo sprint" in refused.value.text


def test_a_backlog_story_leaves_its_scrum_facts_behind(member_actor, team, intake):
    scrum_board = make_scrum_board(team=team, name="Sprint del team")
    story = backlog_item_create(actor=member_actor, board=scrum_board, title="Storia").work_item

    moved = work_item_transfer(actor=member_actor, work_item=story, to_board_id=intake.pk)

    assert not hasattr(WorkItem.objects.get(pk=moved.pk), "backlog_item")


def test_the_page_lists_only_boards_where_the_person_works_and_moves_the_card(
    organisation, member, member_actor, intake, board
):
    make_board(team=TeamFactory(organisation=organisation, name="Polizia locale"), name="Verbali")
    card = work_item_create(actor=member_actor, board=intake, title="Richiesta")
    client = client_of(member)
    page = client.get(card_url(intake, card.number, "transfer/")).content.decode()
    assert board.name in page
    assert "Verbali" not in page

    empty = client.post(card_url(intake, card.number, "transfer/"), {"target": ""})
    moved = client.post(card_url(intake, card.number, "transfer/"), {"target": str(board.pk)})

    assert empty.status_code == 400
    assert "Scegli la bacheca" in empty.content.decode()
    assert moved.status_code == 302
    assert moved["Location"] == card_url(board, 2 if board.work_items.count() > 1 else 1)


def test_the_api_moves_the_card_and_the_old_address_names_the_new_one(
    member, member_actor, intake, board
):
    card = work_item_create(actor=member_actor, board=intake, title="Richiesta")
    client = client_of(member)
    base = f"/api/v1/o/{intake.organisation.slug}/boards"

    answer = client.post(
        f"{base}/{intake.pk}/cards/{card.number}/transfer/",
        {"board": board.pk},
        content_type="application/json",
    )
    old = client.get(f"{base}/{intake.pk}/cards/{card.number}/")

    assert answer.status_code == 200
    assert answer.json()["number"] == 1
    assert old.status_code == 404
    assert f"scheda 1 della bacheca {board.pk}" in old.json()["detail"]
