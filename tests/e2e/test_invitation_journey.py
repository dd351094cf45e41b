"""An invitation to join another organisation: seen after signing in, accepted, and in."""

import pytest
from playwright.sync_api import Page, ViewportSize, expect

from officina.organisations.tests.factories import (
    TEST_PASSWORD,
    EmploymentFactory,
    EnteFactory,
    OrganisationInvitationFactory,
    UserFactory,
)
from tests.e2e.accessibility import assert_accessible
from tests.e2e.test_sign_in_journey import fill_login_form
from tests.e2e.test_small_screens import has_no_horizontal_scroll

pytestmark = pytest.mark.e2e

DESKTOP: ViewportSize = {"width": 1280, "height": 900}
TABLET_PORTRAIT: ViewportSize = {"width": 768, "height": 1024}
PHONE: ViewportSize = {"width": 390, "height": 844}


@pytest.fixture
def invited(workplace):
    """Laura Conti works for the other union (Val d'Enza) and is invited into Giulia's team."""
    other_union = workplace.foreign_team.organisation
    person = UserFactory(email="laura.conti@example.org", first_name="Laura", last_name="Conti")
    EmploymentFactory(
        user=person, ente=EnteFactory(organisation=other_union, name="Comune di Bibbiano")
    )
    OrganisationInvitationFactory(
        ente=workplace.ente,
        user=person,
        job_title="Educatrice",
        teams=[workplace.team],
        invited_by=workplace.user,
    )
    return person


def test_invited_person_signs_in_sees_the_invitation_accepts_it_and_is_in(
    page: Page, live_server, workplace, invited
):
    # given I sign in: I land in my own union, which tells me of the invitation
    page.goto(f"{live_server.url}/accounts/login/")
    fill_login_form(page, invited.email, TEST_PASSWORD)
    expect(page.get_by_role("heading", name="Il mio lavoro", level=1)).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="Hai ricevuto un invito")).to_be_visible()

    # when I follow it
    page.get_by_role("link", name="vedi l'invito e rispondi").click()

    # then the invitation says who invites me, to what, and lets me answer, on any screen
    expect(page.get_by_role("heading", name="Inviti", level=1)).to_be_visible()
    card = page.get_by_role("region", name=workplace.organisation.name)
    expect(card).to_contain_text("Comune di Scandiano")
    expect(card).to_contain_text("Educatrice")
    expect(card).to_contain_text(workplace.team.name)
    expect(card).to_contain_text("Giulia Ferrari")
    for viewport in (DESKTOP, TABLET_PORTRAIT, PHONE):
        page.set_viewport_size(viewport)
        expect(card.get_by_role("button", name="Accetta")).to_be_visible()
        assert has_no_horizontal_scroll(page), f"wider than the screen at {viewport['width']}"
        assert_accessible(page)
    page.set_viewport_size(DESKTOP)

    # when I accept it
    card.get_by_role("button", name="Accetta").click()

    # then I am in the union that invited me, in its team, and no invitation is left
    expect(page).to_have_url(f"{live_server.url}{workplace.home_path}")
    expect(page.get_by_text(f"Ora fai parte di {workplace.organisation.name}.")).to_be_visible()
    expect(page.get_by_role("link", name=workplace.team.name)).to_be_visible()
    expect(page.get_by_text("Hai ricevuto un invito")).to_have_count(0)
    assert_accessible(page)
