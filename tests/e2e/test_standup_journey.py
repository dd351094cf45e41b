"""The daily stand-up on a tablet (768 px): goal, moves, blocked cards, burndown and timer."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from officina.boards.models import WorkItem
from officina.boards.services.moves import work_item_move
from officina.organisations.selectors import actor_for_user
from officina.scrum.services.backlog import backlog_item_create
from officina.scrum.services.sprints import sprint_add_item, sprint_start
from officina.scrum.tests.factories import make_scrum_board, make_sprint
from tests.e2e.accessibility import assert_accessible

pytestmark = pytest.mark.e2e


def test_run_the_daily_standup_on_a_tablet(page: Page, live_server, workplace, signed_in):
    # given: a running sprint where one story moved today and one is blocked
    page.set_viewport_size({"width": 768, "height": 1024})
    board = make_scrum_board(team=workplace.team, name="Iscrizioni nidi")
    actor = actor_for_user(user=workplace.user, organisation_slug=workplace.organisation.slug)
    today = timezone.localdate()
    sprint = make_sprint(
        board=board,
        goal="Iscrizioni online aperte",
        start_date=today - timedelta(days=3),
        end_date=today + timedelta(days=7),
    )
    cards = []
    for title in ("Modulo online", "Graduatoria"):
        card = backlog_item_create(
            actor=actor, board=board, title=title, estimate=Decimal(3)
        ).work_item
        sprint_add_item(actor=actor, sprint=sprint, work_item=card)
        cards.append(card)
    sprint_start(actor=actor, sprint=sprint, at=timezone.now() - timedelta(days=3))
    work_item_move(actor=actor, work_item=cards[0], column=board.columns.get(position=1))
    WorkItem.objects.filter(pk=cards[1].pk).update(
        is_blocked=True, blocked_reason="Manca il regolamento"
    )
    signed_in(workplace.user)

    # when the team opens the stand-up from the sprint page
    page.goto(
        f"{live_server.url}/o/{workplace.organisation.slug}/boards/{board.pk}/scrum/sprints/"
        f"{sprint.pk}/"
    )
    page.get_by_role("link", name="Stand-up quotidiano").click()

    # then it shows the goal, what moved, what is blocked and the burndown
    expect(page.get_by_role("heading", level=1)).to_contain_text("Stand-up quotidiano")
    expect(page.get_by_text("Iscrizioni online aperte")).to_be_visible()
    moved = page.get_by_role("region", name="Spostate da")
    expect(moved).to_contain_text("#1 Modulo online")
    expect(page.get_by_role("region", name="Schede bloccate")).to_contain_text(
        "Manca il regolamento"
    )
    expect(page.get_by_role("img", name="Burndown in punti")).to_be_visible()
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 768

    # and the timer counts down for the whole team, and pauses
    timer = page.get_by_role("timer")
    expect(timer).to_have_text("15:00")
    page.get_by_role("button", name="Avvia").click()
    expect(page.locator("#timer-status")).to_have_text("Il timer è partito.")
    expect(timer).not_to_have_text("15:00", timeout=3000)
    page.get_by_role("button", name="Pausa").click()
    expect(page.locator("#timer-status")).to_have_text("Il timer è in pausa.")
    page.get_by_role("button", name="Azzera").click()
    expect(timer).to_have_text("15:00")
    assert_accessible(page)
