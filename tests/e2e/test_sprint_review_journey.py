"""Review a running sprint: open its review from the sprint page, say whether the goal was
met, set each story's outcome, save, read it on the report; then hide the page's guide for
the team. Desktop, tablet and phone; axe on every page.

Controls are found by their names and ids (not their words), so the journey does not depend
on the translations of this change being merged."""

from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from officina.boards.models import Stage
from officina.boards.services.moves import work_item_move
from officina.organisations.selectors import actor_for_user
from officina.scrum.models import ScrumSettings
from officina.scrum.services.backlog import backlog_item_create
from officina.scrum.services.sprints import sprint_add_item, sprint_start
from officina.scrum.tests.factories import make_scrum_board, make_sprint
from tests.e2e.accessibility import assert_accessible

pytestmark = pytest.mark.e2e

WIDTHS = {"desktop": (1280, 900), "tablet": (768, 1024), "phone": (390, 844)}


def fits(page: Page, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("width", list(WIDTHS))
def test_review_a_sprint_see_it_on_the_report_and_hide_the_guide(
    page: Page, live_server, workplace, signed_in, width: str
):
    page_width, page_height = WIDTHS[width]
    page.set_viewport_size({"width": page_width, "height": page_height})
    board = make_scrum_board(team=workplace.team, name="Iscrizioni nidi")
    actor = actor_for_user(user=workplace.user, organisation_slug=workplace.organisation.slug)
    today = timezone.localdate()
    sprint = make_sprint(board=board, start_date=today, end_date=today, goal="Iscrizioni online")
    cards = [
        backlog_item_create(actor=actor, board=board, title=title, estimate=Decimal(3)).work_item
        for title in ("Modulo online", "Graduatoria")
    ]
    for card in cards:
        sprint_add_item(actor=actor, sprint=sprint, work_item=card)
    sprint_start(actor=actor, sprint=sprint)
    signed_in(workplace.user)
    base = f"{live_server.url}/o/{workplace.organisation.slug}/boards/{board.pk}/scrum"
    review_path = (
        f"/o/{workplace.organisation.slug}/boards/{board.pk}/scrum/sprints/{sprint.pk}/review/"
    )

    # when Giulia opens the sprint and follows its "Sprint review" link
    page.goto(f"{base}/sprints/{sprint.pk}/")
    page.locator(f'a[href="{review_path}"]').first.click()
    expect(page.locator("#sprint-review-form")).to_be_visible()
    expect(page.locator("#scrum-guide")).to_be_visible()
    assert_accessible(page)
    fits(page, page_width)

    # and says the goal was partly met, with the notes and each story's outcome
    page.locator('label[for="id_goal_met_1"]').click()  # "partly" (the radio is drawn by its label)
    page.locator('textarea[name="notes"]').fill("Presenti: ufficio scuola, assessora.")
    page.locator(f'select[name="outcome-{cards[0].pk}"]').select_option("accepted")
    page.locator(f'input[name="note-{cards[0].pk}"]').fill("Pronto per i genitori")
    page.locator(f'select[name="outcome-{cards[1].pk}"]').select_option("rework")
    page.locator("#sprint-review-form button[type=submit]").click()

    # then the page says it is saved, and keeps what she chose
    expect(page.get_by_role("status")).to_be_visible()
    expect(page.locator(f'select[name="outcome-{cards[1].pk}"]')).to_have_value("rework")
    expect(page.locator('input[name="goal_met"][value="partly"]')).to_be_checked()
    assert_accessible(page)

    # and the sprint report shows the review's outcome
    page.goto(f"{base}/sprints/{sprint.pk}/report/")
    expect(page.locator("#review-outcomes")).to_contain_text("Pronto per i genitori")
    expect(page.locator("#review-outcomes")).to_contain_text("#1 Modulo online")
    expect(page.locator("#review-goal-met")).not_to_have_text("–")
    assert_accessible(page)
    fits(page, page_width)

    # when she hides the report's guide, it is gone here and on the other Scrum pages
    page.locator("#scrum-guide button[type=submit]").click()
    expect(page.locator("#scrum-guide")).to_have_count(0)
    expect(page.locator("#review-outcomes")).to_be_visible()  # back on the report
    page.goto(f"{base}/")
    expect(page.locator("#scrum-guide")).to_have_count(0)
    assert_accessible(page)


def test_tick_the_definition_of_done_on_a_done_card(page: Page, live_server, workplace, signed_in):
    board = make_scrum_board(team=workplace.team, name="Iscrizioni nidi")
    ScrumSettings.objects.filter(board=board).update(
        definition_of_done="Revisione di un collega\nGuida aggiornata"
    )
    actor = actor_for_user(user=workplace.user, organisation_slug=workplace.organisation.slug)
    card = backlog_item_create(actor=actor, board=board, title="Modulo online").work_item
    work_item_move(actor=actor, work_item=card, column=board.columns.get(stage=Stage.DONE))
    signed_in(workplace.user)

    # when Giulia opens the done card, she sees the Definition of Done and ticks a criterion
    page.goto(f"{live_server.url}/o/{workplace.organisation.slug}/boards/{board.pk}/cards/1/")
    panel = page.locator("#panel-definition-of-done")
    expect(panel).to_contain_text("Revisione di un collega")
    assert_accessible(page)
    panel.locator('button[aria-pressed="false"]').first.click()

    # then it is ticked, on the card's checklist too, and the history says who ticked it
    expect(panel.locator('button[aria-pressed="true"]')).to_have_count(1)
    expect(page.locator("#checklist-title")).to_contain_text("1")
    expect(page.locator("#card-live")).to_be_hidden()
    page.reload()
    expect(page.locator("#timeline-title").locator("..")).to_contain_text("Revisione di un collega")
    assert_accessible(page)
