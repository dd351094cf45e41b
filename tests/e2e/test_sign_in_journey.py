"""Signing in and out, in Italian and in English, by mouse and by keyboard."""

import re

import pytest
from playwright.sync_api import Page, expect

from officina.organisations.tests.factories import TEST_PASSWORD
from tests.e2e.accessibility import assert_accessible

pytestmark = pytest.mark.e2e

EMAIL_LABEL = re.compile(r"e-?mail", re.IGNORECASE)


def fill_login_form(page: Page, email: str, password: str) -> None:
    page.get_by_label(EMAIL_LABEL).fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("main").get_by_role("button", name="Accedi").click()


def test_sign_in_switch_to_english_and_sign_out(page: Page, live_server, workplace):
    # given the login page, in Italian, with its own styles and scripts
    static = {}
    page.on("response", lambda r: static.update({r.url: r.status}) if "/static/" in r.url else None)
    page.goto(f"{live_server.url}/accounts/login/")
    expect(page.locator("html")).to_have_attribute("lang", "it")
    expect(page.get_by_role("heading", name="Accedi", level=1)).to_be_visible()
    expect(page.get_by_label("Password", exact=True)).to_be_visible()
    loaded = {url.rsplit("/static/", 1)[1]: status for url, status in static.items()}
    assert loaded.get("css/bootstrap-italia.min.css") == 200
    assert loaded.get("js/bootstrap-italia.bundle.min.js") == 200
    assert "Titillium" in page.evaluate("getComputedStyle(document.body).fontFamily")
    assert_accessible(page)

    # when I sign in
    fill_login_form(page, workplace.user.email, TEST_PASSWORD)

    # then I see my work: my team and my colleague
    expect(page).to_have_url(f"{live_server.url}{workplace.home_path}")
    expect(page.get_by_role("heading", name="Il mio lavoro", level=1)).to_be_visible()
    expect(page.get_by_role("link", name=workplace.team.name)).to_be_visible()
    expect(page.get_by_role("main").get_by_text("Marco Bertolini")).to_be_visible()
    assert_accessible(page)

    # when I switch to English
    page.get_by_role("button", name="English").click()

    # then the same page speaks English
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(f"{live_server.url}{workplace.home_path}")
    expect(page.get_by_role("heading", name="My work", level=1)).to_be_visible()
    assert_accessible(page)

    # when I sign out from my account menu
    page.get_by_role("banner").get_by_text("Giulia Ferrari").click()
    page.get_by_role("button", name="Sign out").click()
    confirm = page.get_by_role("main").get_by_role("button", name="Sign out")
    if "/accounts/logout/" in page.url:  # allauth's confirmation page, if the form leads there
        confirm.click()

    # then I am back on the login page, signed out
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    expect(page.get_by_label("Password", exact=True)).to_be_visible()
    expect(page.get_by_text("Giulia Ferrari")).to_have_count(0)
    assert_accessible(page)


def test_wrong_password_shows_an_italian_error_and_keeps_the_email(
    page: Page, live_server, workplace
):
    # given the login page
    page.goto(f"{live_server.url}/accounts/login/")

    # when I type a wrong password
    fill_login_form(page, workplace.user.email, "not-my-password")

    # then an Italian message says so, and the e-mail I typed is still there
    expect(page.get_by_text("non sono corretti")).to_be_visible()
    expect(page.get_by_label(EMAIL_LABEL)).to_have_value(workplace.user.email)
    expect(page.get_by_label("Password", exact=True)).to_have_value("")
    expect(page.locator("html")).to_have_attribute("lang", "it")
    assert_accessible(page)


def active_element(page: Page, expression: str) -> str:
    value: str = page.evaluate(f"document.activeElement.{expression}")
    return value


def test_keyboard_skip_link_then_sign_in_without_a_mouse(page: Page, live_server, workplace):
    # given the login page
    page.goto(f"{live_server.url}/accounts/login/")

    # when I press Tab once, the skip link has the focus and shows itself
    page.keyboard.press("Tab")
    assert active_element(page, "getAttribute('href')") == "#main"
    expect(page.locator(":focus")).to_be_visible()
    assert_accessible(page)

    # and following it puts the focus on the main content
    page.keyboard.press("Enter")
    assert active_element(page, "id") == "main"

    # when I tab to the e-mail field, type, tab to the password, type and press Enter
    for _ in range(10):
        page.keyboard.press("Tab")
        if active_element(page, "name") == "login":
            break
    assert active_element(page, "name") == "login", "Tab never reached the e-mail field"
    page.keyboard.type(workplace.user.email)
    page.keyboard.press("Tab")
    assert active_element(page, "name") == "password"
    page.keyboard.type(TEST_PASSWORD)
    page.keyboard.press("Enter")

    # then I am signed in
    expect(page).to_have_url(f"{live_server.url}{workplace.home_path}")
    expect(page.get_by_role("main").get_by_text("Marco Bertolini")).to_be_visible()
    assert_accessible(page)
