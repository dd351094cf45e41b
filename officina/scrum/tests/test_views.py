"""The Scrum pages as people use them: backlog, sprint life cycle, report; who may do what."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from officina.boards.models import Stage
from officina.boards.services.cards import work_item_create
from officina.boards.services.moves import work_item_move
from officina.boards.tests.factories import bulk_cards, make_board
from officina.organisations.tests.factories import TeamFactory
from officina.scrum.models import BacklogItem, Sprint
from officina.scrum.services.backlog import backlog_item_create
from officina.scrum.services.sprints import sprint_add_item, sprint_start
from officina.scrum.tests.factories import make_scrum_board, make_sprint

pytestmark = pytest.mark.django_db


def client_of(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="it")
    client.force_login(user)
    return client


def url(name, board, *args):
    return reverse(f"scrum:{name}", args=[board.organisation.slug, board.pk, *args])


def add_items(actor, board, *titles):
    return [
        backlog_item_create(actor=actor, board=board, title=t, estimate=Decimal(3)).work_item
        for t in titles
    ]


def test_backlog_page_lists_items_in_order_with_estimate_type_and_ready(member, actor, board):
    add_items(actor, board, "Carta di identità", "Cambio di residenza")
    response = client_of(member).get(url("backlog", board))
    page = response.content.decode()
    assert response.status_code == 200
    assert page.index("Carta di identità") < page.index("Cambio di residenza")
    assert "Stima: 3" in page
    assert "Non pronta" in page


def test_backlog_query_count_does_not_grow_with_the_items(
    member, actor, board, organisation, django_assert_num_queries, warm_access
):
    # given: 10 items with entries, then 190 more cards made on the board page (no entry yet)
    add_items(actor, board, *[f"Storia {i}" for i in range(10)])
    client, address = client_of(member), url("backlog", board)
    warm_access(member, organisation, board)
    client.get(address)
    with CaptureQueriesContext(connection) as ten:
        response = client.get(address)
    assert response.status_code == 200
    queries_for_ten = len(ten)  # now: the next request clears the connection's log
    board.refresh_from_db()
    column, lane = board.columns.get(position=0), board.swimlanes.get()
    bulk_cards(board=board, count=190, column=column, swimlane=lane)
    # when / then: 200 items, the same queries
    with django_assert_num_queries(queries_for_ten):
        response = client.get(address)
    assert response.status_code == 200
    assert "Pagina 1 di 4" in response.content.decode()


def test_a_kanban_board_shows_how_to_switch_scrum_on(lead, member, team):
    kanban = make_board(team=team, name="Kanban")
    page = client_of(lead).get(url("backlog", kanban)).content.decode()
    assert "Attiva Scrum" in page
    page = client_of(member).get(url("backlog", kanban)).content.decode()
    assert "Attiva Scrum" not in page
    assert "gestori della bacheca" in page


def test_switching_scrum_on_from_its_settings_page(lead, team):
    kanban = make_board(team=team, name="Kanban")
    response = client_of(lead).post(
        url("scrum-settings", kanban),
        {"estimate_scale": "tshirt", "definition_of_ready": "Criteri scritti"},
    )
    assert response.status_code == 302
    assert kanban.scrum_settings.estimate_scale == "tshirt"


def test_move_to_top_from_the_backlog_page(member, actor, board):
    a, b = add_items(actor, board, "A", "B")
    client = client_of(member)
    client.post(url("item-move", board, b.number), {"to": "top"})
    page = client.get(url("backlog", board)).content.decode()
    assert page.index("#2 B") < page.index("#1 A")


def test_filters_and_search(member, actor, board):
    add_items(actor, board, "Residenza online", "Carta di identità")
    page = client_of(member).get(url("backlog", board), {"q": "resid"}).content.decode()
    assert "Residenza online" in page
    assert "Carta di identità" not in page


def test_plan_start_and_close_a_sprint_through_the_pages(member, actor, board):
    a, b = add_items(actor, board, "A", "B")
    client = client_of(member)
    response = client.post(
        url("sprint-list", board),
        {
            "name": "Sprint 1",
            "goal": "Residenze",
            "start_date": "2024-03-04",
            "end_date": "2024-03-15",
        },
    )
    sprint = Sprint.objects.get(board=board)
    assert response.status_code == 302
    client.post(url("item-plan", board, a.number), {"sprint": sprint.pk})
    client.post(url("item-plan", board, b.number), {"sprint": sprint.pk})
    response = client.get(url("sprint-detail", board, sprint.pk))
    page = response.content.decode()
    assert "#1 A" in page
    assert "6 punti" in page
    client.post(url("sprint-start", board, sprint.pk))
    work_item_move(actor=actor, work_item=a, column=board.columns.get(stage=Stage.DONE))
    response = client.post(url("sprint-close", board, sprint.pk), {f"carry-{b.pk}": "backlog"})
    assert response.status_code == 302
    sprint.refresh_from_db()
    assert sprint.state == Sprint.State.CLOSED
    assert BacklogItem.objects.get(work_item=b).sprint is None


def test_a_second_active_sprint_is_refused_with_a_message(member, actor, board):
    first, second = make_sprint(board=board), make_sprint(board=board, name="Sprint 2")
    sprint_start(actor=actor, sprint=first)
    client = client_of(member)
    response = client.post(url("sprint-start", board, second.pk), follow=True)
    assert "è ancora in corso" in response.content.decode()
    second.refresh_from_db()
    assert second.state == Sprint.State.PLANNED


def test_the_report_page_draws_the_burndown_with_its_table_and_summary(member, actor, board):
    a = add_items(actor, board, "A")[0]
    sprint = make_sprint(board=board, start_date=date(2024, 3, 4), end_date=date(2024, 3, 8))
    sprint_add_item(actor=actor, sprint=sprint, work_item=a)
    sprint_start(actor=actor, sprint=sprint)
    page = client_of(member).get(url("sprint-report", board, sprint.pk)).content.decode()
    assert page.count('<svg viewBox="0 0 720 320" role="img"') == 2  # burndown and burnup
    assert "Burndown in punti" in page
    assert "Burnup in punti" in page
    assert "Impegno di 3 punti" in page or "3 punti" in page
    assert "<caption>" in page


def test_a_read_only_viewer_sees_the_pages_but_cannot_plan(viewer, actor, board):
    a = add_items(actor, board, "A")[0]
    sprint = make_sprint(board=board)
    client = client_of(viewer)
    page = client.get(url("backlog", board)).content.decode()
    assert "#1 A" in page
    assert "In cima" not in page
    assert client.post(url("item-plan", board, a.number), {"sprint": sprint.pk}).status_code == 403
    assert client.post(url("sprint-start", board, sprint.pk)).status_code == 403


def test_another_teams_private_sprint_is_not_found(member, organisation):
    hidden = make_scrum_board(team=TeamFactory(organisation=organisation), name="Privata")
    sprint = make_sprint(board=hidden)
    client = client_of(member)
    assert client.get(url("sprint-detail", hidden, sprint.pk)).status_code == 404
    assert client.get(url("sprint-report", hidden, sprint.pk)).status_code == 404
    assert client.get(url("backlog", hidden)).status_code == 404


def test_a_sprint_of_another_board_is_not_found_through_this_board(member, actor, board, team):
    other = make_scrum_board(team=team, name="Altra")
    sprint = make_sprint(board=other)
    assert client_of(member).get(url("sprint-detail", board, sprint.pk)).status_code == 404


def test_editing_an_item_sets_its_estimate_type_epic_and_ready_mark(member, actor, board):
    card = add_items(actor, board, "A")[0]
    client = client_of(member)
    client.post(url("epic-create", board), {"name": "Anagrafe digitale"})
    epic = board.epics.get()
    response = client.post(
        url("item-update", board, card.number),
        {
            "item_type": "bug",
            "estimate": "8",
            "epic": epic.pk,
            "is_ready": "on",
            "acceptance_criteria": "Il certificato si scarica",
        },
    )
    assert response.status_code == 302
    item = BacklogItem.objects.select_related("work_item").get(work_item=card)
    assert (item.item_type, item.epic, item.is_ready) == ("bug", epic, True)
    assert item.work_item.estimate == Decimal(8)
    page = client.get(url("backlog", board)).content.decode()
    assert "Epica: Anagrafe digitale" in page
    assert "✓ Pronta" in page


def test_an_estimate_off_the_scale_is_refused_on_the_edit_page(member, actor, board):
    card = add_items(actor, board, "A")[0]
    response = client_of(member).post(
        url("item-update", board, card.number), {"item_type": "story", "estimate": "4"}
    )
    assert response.status_code == 200  # the form again, with the message
    assert "4 non è tra quelle disponibili" in response.content.decode()


def test_sprint_page_query_count_does_not_grow_with_its_cards(
    member, actor, board, organisation, warm_access
):
    # given: a sprint with one card, measured; then 19 more cards
    cards = add_items(actor, board, *[f"Storia {i}" for i in range(20)])
    sprint = make_sprint(board=board)
    sprint_add_item(actor=actor, sprint=sprint, work_item=cards[0])
    client, address = client_of(member), url("sprint-detail", board, sprint.pk)
    warm_access(member, organisation, board)
    client.get(address)
    with CaptureQueriesContext(connection) as one:
        client.get(address)
    queries_for_one = len(one)
    for card in cards[1:]:
        sprint_add_item(actor=actor, sprint=sprint, work_item=card)
    # when / then
    with CaptureQueriesContext(connection) as twenty:
        page = client.get(address).content.decode()
    assert len(twenty) == queries_for_one
    assert "#20 Storia 19" in page


def test_a_card_made_on_the_board_page_shows_last_in_the_backlog(member, actor, board):
    add_items(actor, board, "A", "B")
    work_item_create(actor=actor, board=board, title="Dalla bacheca")
    page = client_of(member).get(url("backlog", board)).content.decode()
    assert page.index("#1 A") < page.index("#2 B") < page.index("#3 Dalla bacheca")


def test_the_sprint_page_shows_the_definition_of_done(member, board):
    board.scrum_settings.definition_of_done = "- Revisionato da un collega\n- Pubblicato sul sito"
    board.scrum_settings.save()
    sprint = make_sprint(board=board)
    page = client_of(member).get(url("sprint-detail", board, sprint.pk)).content.decode()
    assert "<li>Revisionato da un collega</li>" in page
    assert "<li>Pubblicato sul sito</li>" in page
