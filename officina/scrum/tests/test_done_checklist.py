"""The Definition of Done ticked on a card in a done column: the card page's panel, the ticks
kept as the card's checklist items, and each tick in the card's history."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from officina.boards.models import ChecklistItem, Stage, WorkItemEvent
from officina.boards.services.moves import work_item_move
from officina.boards.tests.factories import bulk_cards
from officina.common.exceptions import PermissionDeniedError
from officina.organisations.tests.factories import OrganisationFactory, TeamFactory
from officina.scrum.exceptions import ScrumRuleError
from officina.scrum.models import ScrumSettings
from officina.scrum.selectors.done import criteria_of
from officina.scrum.services.backlog import backlog_item_create
from officina.scrum.services.done import done_criterion_set
from officina.scrum.tests.factories import make_scrum_board

pytestmark = pytest.mark.django_db

DOD = "- Revisione del codice\n- Test superati\n\n* Guida aggiornata"


def client_of(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def card_page(card):
    board = card.board
    return reverse("boards:card-detail", args=[board.organisation.slug, board.pk, card.number])


def tick_url(card):
    board = card.board
    return reverse("scrum:done-check", args=[board.organisation.slug, board.pk, card.number])


@pytest.fixture
def done_card(actor, board):
    ScrumSettings.objects.filter(board=board).update(definition_of_done=DOD)
    card = backlog_item_create(actor=actor, board=board, title="Carta di identità").work_item
    work_item_move(actor=actor, work_item=card, column=board.columns.get(stage=Stage.DONE))
    card.refresh_from_db()
    return card


def test_the_criteria_are_the_lines_without_list_marks():
    assert criteria_of(DOD) == ["Revisione del codice", "Test superati", "Guida aggiornata"]


def test_ticking_a_criterion_makes_it_a_ticked_checklist_item_and_a_history_event(actor, done_card):
    done_criterion_set(actor=actor, work_item=done_card, index=2, checked=True)
    items = list(ChecklistItem.objects.filter(work_item=done_card).values_list("text", "is_done"))
    assert items == [("Test superati", True)]
    done_criterion_set(actor=actor, work_item=done_card, index=2, checked=False)
    kinds = list(
        WorkItemEvent.objects.filter(
            work_item=done_card, kind__in=[WorkItemEvent.Kind.CHECKED, WorkItemEvent.Kind.UNCHECKED]
        ).values_list("kind", "data")
    )
    assert [kind for kind, _data in kinds] == ["checked", "unchecked"]
    assert kinds[0][1]["text"] == "Test superati"
    assert ChecklistItem.objects.filter(work_item=done_card).count() == 1


def test_a_card_not_in_a_done_column_is_not_ticked(actor, board):
    ScrumSettings.objects.filter(board=board).update(definition_of_done=DOD)
    card = backlog_item_create(actor=actor, board=board, title="Aperta").work_item
    with pytest.raises(ScrumRuleError):
        done_criterion_set(actor=actor, work_item=card, index=1, checked=True)


def test_a_criterion_no_longer_in_the_definition_is_refused(actor, done_card):
    with pytest.raises(ScrumRuleError):
        done_criterion_set(actor=actor, work_item=done_card, index=9, checked=True)


def test_a_read_only_viewer_cannot_tick(viewer_actor, done_card):
    with pytest.raises(PermissionDeniedError):
        done_criterion_set(actor=viewer_actor, work_item=done_card, index=1, checked=True)


def test_the_card_page_shows_the_panel_ticks_and_the_history_says_who(member, done_card):
    client = client_of(member)
    page = client.get(card_page(done_card)).content.decode()
    assert 'id="panel-definition-of-done"' in page
    assert "Revisione del codice" in page
    response = client.post(
        tick_url(done_card), {"criterion": "1", "checked": "1", "next": card_page(done_card)}
    )
    assert response.status_code == 302
    assert response["Location"] == card_page(done_card)
    page = client.get(card_page(done_card)).content.decode()
    assert 'aria-pressed="true"' in page
    with translation.override("en"):
        assert "ticked “Revisione del codice” on the checklist" in page


def test_a_card_in_progress_has_no_panel(member, actor, board):
    ScrumSettings.objects.filter(board=board).update(definition_of_done=DOD)
    card = backlog_item_create(actor=actor, board=board, title="Aperta").work_item
    page = client_of(member).get(card_page(card)).content.decode()
    assert 'id="panel-definition-of-done"' not in page


def test_a_read_only_viewer_sees_the_criteria_without_buttons_and_cannot_post(viewer, done_card):
    client = client_of(viewer)
    page = client.get(card_page(done_card)).content.decode()
    assert "Revisione del codice" in page
    assert tick_url(done_card) not in page
    response = client.post(tick_url(done_card), {"criterion": "1", "checked": "1"})
    assert response.status_code == 403
    assert not ChecklistItem.objects.filter(work_item=done_card).exists()


def test_ticking_on_another_organisations_card_answers_404(member):
    other = OrganisationFactory(slug="x")
    elsewhere = make_scrum_board(team=TeamFactory(organisation=other))
    card = bulk_cards(
        board=elsewhere,
        count=1,
        column=elsewhere.columns.get(stage=Stage.DONE),
        swimlane=elsewhere.swimlanes.get(),
    )[0]
    response = client_of(member).post(tick_url(card), {"criterion": "1", "checked": "1"})
    assert response.status_code == 404


def test_the_panel_costs_two_queries_on_a_done_card_and_none_elsewhere(
    member, actor, board, done_card, organisation, warm_access
):
    open_card = backlog_item_create(actor=actor, board=board, title="Aperta").work_item
    client = client_of(member)
    warm_access(member, organisation, board)

    def count(card) -> int:
        client.get(card_page(card))
        with CaptureQueriesContext(connection) as queries:
            assert client.get(card_page(card)).status_code == 200
        return len(queries)

    # the board's Scrum settings and the card's checklist, read once more for the panel
    assert count(done_card) <= count(open_card) + 2
