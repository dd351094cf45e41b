"""Every page reachable from the footer and from the main navigation loads and passes axe."""

from typing import Literal

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.accessibility import assert_accessible

pytestmark = pytest.mark.e2e


def local_links(page: Page, landmark: Literal["contentinfo", "navigation"]) -> list[str]:
    """The site's own addresses linked from a landmark (footer, navigation), without fragments."""
    hrefs = (
        page.get_by_role(landmark)
        .first.locator("a[href^='/']")
        .evaluate_all("links => links.map(link => link.getAttribute('href').split('#')[0])")
    )
    return list(dict.fromkeys(hrefs))


def test_footer_pages_open_for_anyone(page: Page, live_server, workplace):
    # given the login page, whose footer links the accessibility statement and the privacy notice
    page.goto(f"{live_server.url}/accounts/login/")
    addresses = local_links(page, "contentinfo")
    assert len(addresses) >= 2, f"the footer links too few pages: {addresses}"

    for address in addresses:
        # when I follow each link
        response = page.goto(f"{live_server.url}{address}")

        # then the page opens, in Italian, with a heading, and passes axe
        assert response is not None
        assert response.status == 200, f"{address} answered {response.status}"
        expect(page.locator("html")).to_have_attribute("lang", "it")
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_accessible(page)


def test_every_section_of_the_navigation_opens(page: Page, live_server, workplace, signed_in):
    # given I am signed in on my home page
    signed_in(workplace.user)
    page.goto(f"{live_server.url}{workplace.home_path}")
    addresses = local_links(page, "navigation")
    assert f"{workplace.home_path}teams/" in addresses

    for address in addresses:
        # when I open each section
        response = page.goto(f"{live_server.url}{address}")

        # then it opens, marks itself as the current section, and passes axe
        assert response is not None
        assert response.status == 200, f"{address} answered {response.status}"
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        current = page.get_by_role("navigation").first.locator("[aria-current='page']")
        expect(current).to_have_attribute("href", address)
        assert_accessible(page)
