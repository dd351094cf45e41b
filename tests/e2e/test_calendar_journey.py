"""A team's due dates as a calendar, from the board, by month and by week, at every width."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from officina.boards.services.cards import work_item_create
from officina.boards.tests.factories import make_board
from officina.organisations.selectors import actor_for_user
from tests.e2e.accessibility import assert_accessible

pytestmark = pytest.mark.e2e

WIDTHS = {"desktop": (1280, 900), "tablet": (768, 1024), "phone": (390, 844)}


@pytest.mark.parametrize("width", list(WIDTHS))
def test_read_the_boards_due_dates_by_month_and_by_week(
    page: Page, live_server, workplace, signed_in, width: str
):
    page_width, page_height = WIDTHS[width]
    page.set_viewport_size({"width": page_width, "height": page_height})
    board = make_board(team=workplace.team, name="Iscrizioni nidi")
    actor = actor_for_user(user=workplace.user, organisation_slug=workplace.organisation.slug)
    work_item_create(
        actor=actor, board=board, title="Chiusura iscrizioni", due_date=timezone.localdate()
    )
    work_item_create(
        actor=actor,
        board=board,
        title="Graduatoria",
        due_date=timezone.localdate() + timedelta(days=40),
    )
    signed_in(workplace.user)

    # when Giulia opens the board's calendar
    page.goto(f"{live_server.url}/o/{workplace.organisation.slug}/boards/{board.pk}/")
    page.get_by_role("link", name="Calendario", exact=True).click()

    # then this month shows today's card, not the one due in forty days
    calendar = page.locator(".officina-calendar")
    expect(calendar).to_contain_text("Chiusura iscrizioni")
    expect(calendar).not_to_contain_text("Graduatoria")
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= page_width

    # and the week view and the next months get there too
    page.get_by_role("link", name="Mostra una settimana").click()
    expect(calendar).to_contain_text("Chiusura iscrizioni")
    assert_accessible(page)
    page.get_by_role("link", name="Mostra il mese").click()
    for _ in range(2):
        page.get_by_role("link", name="Mese successivo").click()
        if "Graduatoria" in calendar.inner_text():
            break
    expect(calendar).to_contain_text("Graduatoria")
    calendar.get_by_role("link", name="Graduatoria").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Graduatoria")
