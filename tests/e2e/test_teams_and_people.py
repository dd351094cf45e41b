"""A team's page and the staff directory, whose search works with and without JavaScript."""

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.accessibility import assert_accessible

pytestmark = pytest.mark.e2e


def test_team_page_lists_the_members_and_their_enti(page: Page, live_server, workplace, signed_in):
    # given I am signed in
    signed_in(workplace.user)

    # when I open my team from the home page
    page.goto(f"{live_server.url}{workplace.home_path}")
    page.get_by_role("link", name=workplace.team.name).click()

    # then its page lists both members with their ente
    expect(page.get_by_role("heading", name=workplace.team.name, level=1)).to_be_visible()
    members = page.get_by_role("table")
    expect(members.get_by_role("row", name=re.compile("Marco Bertolini"))).to_contain_text(
        "Comune di Viano"
    )
    expect(members.get_by_role("row", name=re.compile("Giulia Ferrari"))).to_contain_text(
        "Comune di Scandiano"
    )
    assert_accessible(page)


def people_rows(page: Page):
    return page.locator("#people-results").get_by_role("row")


def test_people_search_updates_the_results_without_reloading(
    page: Page, live_server, workplace, signed_in
):
    # given the staff directory lists everybody
    signed_in(workplace.user)
    page.goto(f"{live_server.url}{workplace.home_path}people/")
    expect(page.locator("html")).to_have_attribute("lang", "it")
    expect(people_rows(page).filter(has_text="Ferrari Giulia")).to_have_count(1)
    assert_accessible(page)
    page.evaluate("window.officinaSamePage = true")

    # when I type a surname (HTMX fetches the results fragment)
    with page.expect_response(
        lambda r: "q=Bertolini" in r.url and r.request.headers.get("hx-request") == "true"
    ) as fragment:
        page.get_by_role("searchbox").fill("Bertolini")

    # then only the results change: the same page, the address records the search
    assert fragment.value.status == 200
    expect(people_rows(page).filter(has_text="Bertolini Marco")).to_have_count(1)
    expect(people_rows(page).filter(has_text="Ferrari Giulia")).to_have_count(0)
    assert page.evaluate("window.officinaSamePage === true"), "the page reloaded"
    expect(page).to_have_url(re.compile(r"[?&]q=Bertolini"))
    assert_accessible(page)

    # when I search another surname with the search button
    page.get_by_role("searchbox").fill("Ferrari")
    page.get_by_role("search").get_by_role("button").click()

    # then the results follow, still without a reload
    expect(people_rows(page).filter(has_text="Ferrari Giulia")).to_have_count(1)
    expect(people_rows(page).filter(has_text="Bertolini Marco")).to_have_count(0)
    assert page.evaluate("window.officinaSamePage === true"), "the page reloaded"
    assert_accessible(page)


def test_people_search_works_without_javascript(
    browser: Browser, browser_context_args, browser_problems, live_server, workplace, signed_in
):
    # given a browser with JavaScript turned off, signed in
    context = browser.new_context(**browser_context_args, java_script_enabled=False)
    browser_problems.watch(context)
    signed_in(workplace.user, context)
    page = context.new_page()
    page.goto(f"{live_server.url}{workplace.home_path}people/")

    # when I type a surname and submit the form
    page.get_by_role("searchbox").fill("Bertolini")
    page.get_by_role("searchbox").press("Enter")

    # then a new page shows the matching person only
    expect(page).to_have_url(re.compile(r"/people/\?q=Bertolini"))
    expect(people_rows(page).filter(has_text="Bertolini Marco")).to_have_count(1)
    expect(people_rows(page).filter(has_text="Ferrari Giulia")).to_have_count(0)
    context.close()
