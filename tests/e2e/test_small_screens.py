"""Tablet in portrait and phone: no sideways scrolling, and the menu opens from the keyboard."""

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.accessibility import assert_accessible

pytestmark = pytest.mark.e2e

TABLET_PORTRAIT = {"width": 768, "height": 1024}
PHONE = {"width": 390, "height": 844}


def has_no_horizontal_scroll(page: Page) -> bool:
    fits: bool = page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
    return fits


@pytest.mark.parametrize("viewport", [TABLET_PORTRAIT, PHONE], ids=["tablet", "phone"])
def test_home_fits_the_screen_and_the_menu_opens_by_keyboard(
    page: Page, live_server, workplace, signed_in, viewport
):
    # given a small screen, signed in, on the home page
    page.set_viewport_size(viewport)
    signed_in(workplace.user)
    page.goto(f"{live_server.url}{workplace.home_path}")

    # then nothing scrolls sideways, and the team is there
    assert has_no_horizontal_scroll(page), "the page is wider than the screen"
    expect(page.get_by_role("link", name=workplace.team.name)).to_be_visible()
    toggle = page.locator("[aria-controls='main-navigation']")
    expect(toggle).to_be_visible()
    # Collapsed menu: its links exist but are hidden until the toggle opens it.
    teams_link = page.locator(f"#main-navigation a[href='{workplace.home_path}teams/']")
    expect(teams_link).to_have_count(1)
    expect(teams_link).to_be_hidden()
    assert_accessible(page)

    # when I Tab to the menu button and press Enter
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('aria-controls')") == (
            "main-navigation"
        ):
            break
    expect(toggle).to_be_focused()
    page.keyboard.press("Enter")

    # then the navigation opens and its links can be reached
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(teams_link).to_be_visible()
    assert has_no_horizontal_scroll(page), "the open menu is wider than the screen"
    assert_accessible(page)
