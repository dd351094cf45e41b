"""The API's interactive documentation passes axe like every other page, in its own language."""

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.accessibility import assert_accessible

pytestmark = pytest.mark.e2e


def test_the_api_documentation_lists_the_endpoints_and_passes_axe(
    page: Page, live_server, workplace, signed_in
):
    # given I am signed in
    signed_in(workplace.user)

    # when I open the API's documentation
    page.goto(f"{live_server.url}/api/v1/docs/")

    # then Swagger UI lists the boards' endpoints, the page says its language and passes axe
    expect(page.locator(".opblock-tag").filter(has_text="boards").first).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert_accessible(page)

    # and so it does with an operation opened
    page.locator(".opblock-summary-control").first.click()
    expect(page.locator(".opblock-body").first).to_be_visible()
    assert_accessible(page)
