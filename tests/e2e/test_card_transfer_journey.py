"""The intake desk hands a request to a team: a card moves to another board of the
organisation, keeps its comment, takes the next number there, and its old link still leads to
it. On a desktop, a tablet and a phone, with axe on the pages used."""

import pytest
from playwright.sync_api import Page, expect

from officina.boards.services.cards import work_item_create
from officina.boards.services.comments import comment_create
from officina.boards.tests.factories import make_board
from officina.organisations.models import TeamMembership
from officina.organisations.selectors import actor_for_user
from officina.organisations.tests.factories import TeamFactory, TeamMembershipFactory
from tests.e2e.accessibility import assert_accessible

pytestmark = pytest.mark.e2e

WIDTHS = {"desktop": (1280, 900), "tablet": (768, 1024), "phone": (390, 844)}


@pytest.mark.parametrize("width", list(WIDTHS))
def test_a_request_moves_from_the_intake_board_to_the_teams_board(
    page: Page, live_server, workplace, signed_in, width: str
):
    page_width, page_height = WIDTHS[width]
    page.set_viewport_size({"width": page_width, "height": page_height})
    desk = TeamFactory(organisation=workplace.organisation, name="Sportello unico")
    TeamMembershipFactory(team=desk, user=workplace.user, role=TeamMembership.Role.MEMBER)
    intake = make_board(team=desk, name="Richieste in arrivo")
    team_board = make_board(team=workplace.team, name="Servizi educativi")
    actor = actor_for_user(user=workplace.user, organisation_slug=workplace.organisation.slug)
    work_item_create(actor=actor, board=team_board, title="Già in lavorazione")
    card = work_item_create(actor=actor, board=intake, title="Iscrizione tardiva al nido")
    comment_create(actor=actor, work_item=card, body="Arrivata per PEC il 2 dicembre")
    signed_in(workplace.user)
    base = f"{live_server.url}/o/{workplace.organisation.slug}/boards"

    # when Giulia opens the request on the intake board and sends it to her team's board
    page.goto(f"{base}/{intake.pk}/cards/{card.number}/")
    page.get_by_role("link", name="Su un'altra bacheca…").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Sposta la scheda #{card.number} su un'altra bacheca"
    )
    assert_accessible(page)
    page.get_by_label("Bacheca e colonna").select_option(label="Servizi educativi: In corso")
    page.get_by_role("button", name="Sposta su quella bacheca").click()

    # then the card is #2 of the team's board, in progress, with its comment and its story
    expect(page.locator(".alert-success")).to_contain_text(
        "La scheda ora è la #2 di «Servizi educativi»"
    )
    assert page.url.endswith(f"/boards/{team_board.pk}/cards/2/")
    expect(
        page.get_by_role("paragraph").filter(has_text="Arrivata per PEC il 2 dicembre")
    ).to_be_visible()
    expect(page.locator("body")).to_contain_text(
        "ha spostato la scheda qui dalla bacheca Richieste in arrivo, dove era #1"
    )
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= page_width

    # and the old link of the request leads to it
    page.goto(f"{base}/{intake.pk}/cards/{card.number}/")
    assert page.url.endswith(f"/boards/{team_board.pk}/cards/2/")
