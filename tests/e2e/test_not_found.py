"""Another organisation's team is "not found", on a friendly Italian page."""

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.accessibility import assert_accessible

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("through", ["my-organisation", "their-organisation"])
def test_team_of_another_organisation_shows_a_friendly_404(
    page: Page, live_server, workplace, signed_in, browser_problems, through
):
    # given I am signed in, and a team of another organisation exists
    signed_in(workplace.user)
    browser_problems.expect_console_error("status of 404")
    slug = (
        workplace.organisation.slug
        if through == "my-organisation"
        else workplace.foreign_team.organisation.slug
    )

    # when I open its address
    response = page.goto(f"{live_server.url}/o/{slug}/teams/{workplace.foreign_team.pk}/")

    # then a 404 page in Italian says so, inside the usual shell, with a way home
    assert response is not None
    assert response.status == 404
    expect(page.locator("html")).to_have_attribute("lang", "it")
    expect(page.get_by_role("heading", name="Pagina non trovata", level=1)).to_be_visible()
    expect(page.get_by_text(workplace.foreign_team.name)).to_have_count(0)
    expect(page.get_by_role("main").locator("a[href='/']")).to_be_visible()
    assert_accessible(page)
