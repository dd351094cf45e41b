"""Board journeys: create from a template, quick add, drag and drop, move by keyboard, a hard WIP
limit that refuses a move, and a touch tablet (tap and finger drag). Every page visited passes
axe."""

import re

import pytest
from playwright.sync_api import Browser, Locator, Page, ViewportSize, expect

from officina.boards.builtin_templates import sync_builtin_templates
from officina.boards.models import Board, Column, WorkItem
from officina.boards.tests.factories import bulk_cards, make_board
from tests.e2e.accessibility import assert_accessible

pytestmark = pytest.mark.e2e

TABLET_LANDSCAPE: ViewportSize = {"width": 1024, "height": 768}


@pytest.fixture
def builtin_templates(workplace) -> None:
    """Built-in templates are synced after migrate and after each test flush; be explicit."""
    sync_builtin_templates()


def board_with_cards(workplace, *, cards: int = 2) -> Board:
    board = make_board(team=workplace.team, name="Sportello")
    todo = board.columns.get(position=0)
    bulk_cards(board=board, count=cards, column=todo, swimlane=board.swimlanes.get())
    return board


def board_path(workplace, board: Board) -> str:
    return f"{workplace.home_path}boards/{board.pk}/"


def cell(page: Page, column: Column) -> Locator:
    return page.locator(f'#board-body ul.cl[data-column="{column.pk}"]')


def card(page: Page, number: int) -> Locator:
    return page.locator(f'#board-body .k[data-number="{number}"]')


def drag(page: Page, source: Locator, target: Locator) -> None:
    """A real mouse drag, in small steps, as a person does it (SortableJS listens to those)."""
    start = source.bounding_box()
    end = target.bounding_box()
    assert start
    assert end
    page.mouse.move(start["x"] + start["width"] / 2, start["y"] + 10)
    page.mouse.down()
    page.mouse.move(start["x"] + start["width"] / 2 + 10, start["y"] + 20, steps=5)
    page.mouse.move(end["x"] + end["width"] / 2, end["y"] + end["height"] - 8, steps=20)
    page.mouse.up()


def test_create_a_board_from_a_template_and_add_cards(
    page: Page, live_server, workplace, signed_in, builtin_templates
):
    # given I am signed in, on the boards page
    signed_in(workplace.user)
    page.goto(f"{live_server.url}{workplace.home_path}boards/")
    assert_accessible(page)

    # when I create a board from the "Servizio al cittadino" template
    page.get_by_role("link", name=re.compile("Nuova bacheca|New board")).first.click()
    assert_accessible(page)
    page.get_by_label(re.compile("^(Nome|Name)")).fill("Sportello anagrafe")
    page.get_by_label(re.compile("Parti da|Start from")).select_option(
        label="Servizio al cittadino"
    )
    page.get_by_role("button", name=re.compile("Crea la bacheca|Create the board")).click()

    # then the board shows the template's columns
    expect(page.get_by_role("heading", name="Sportello anagrafe", level=1)).to_be_visible()
    for name in ("Ricevuta", "In lavorazione", "In attesa", "Conclusa"):
        expect(page.get_by_role("heading", name=name, level=2)).to_be_visible()
    assert_accessible(page)

    # when I add two cards with the quick-add form of the first column (HTMX, no reload)
    page.evaluate("window.officinaSamePage = true")
    quick_add = page.locator("#board-body form.qa").first.locator("input[name=title]")
    quick_add.fill("Cambio di residenza")
    quick_add.press("Enter")
    expect(page.locator("#board-body .k", has_text="Cambio di residenza")).to_be_visible()
    page.locator("#board-body form.qa").first.locator("input[name=title]").fill("Carta d'identità")
    page.locator("#board-body form.qa").first.locator("input[name=title]").press("Enter")

    # then both cards are in the first column, and the page did not reload
    first_column = page.locator("#board-body ul.cl").first
    expect(first_column.locator(".k")).to_have_count(2)
    expect(first_column.locator(".k").nth(1)).to_contain_text("Carta d'identità")
    assert page.evaluate("window.officinaSamePage === true"), "the page reloaded"
    assert WorkItem.objects.filter(board__name="Sportello anagrafe").count() == 2
    assert_accessible(page)


def test_drag_a_card_to_another_column_and_it_stays_there(
    page: Page, live_server, workplace, signed_in
):
    # given a board with two cards in "Da fare"
    board = board_with_cards(workplace)
    todo, doing = board.columns.get(position=0), board.columns.get(position=1)
    signed_in(workplace.user)
    page.goto(f"{live_server.url}{board_path(workplace, board)}")
    expect(cell(page, todo).locator(".k")).to_have_count(2)
    assert_accessible(page)

    # when I drag card #1 into "In corso" with the mouse
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    with page.expect_response(lambda r: r.url.endswith("/cards/1/move/")) as moved:
        drag(page, card(page, 1), cell(page, doing))

    # then the server accepted it, the card is there, the column counts say so, and it is still
    # there after a reload; the move's answer was all the page needed (one round trip)
    assert moved.value.status == 200
    expect(cell(page, doing).locator(".k")).to_have_count(1)
    expect(page.locator("#board-status")).to_contain_text("#1")
    expect(page.locator(f"#board-body .ch[data-column='{doing.pk}'] .wc")).to_contain_text("1")
    expect(page.locator(f"#board-body .ch[data-column='{todo.pk}'] .wc")).to_contain_text("1")
    assert [url for url in fetched if "/move/" in url or "/body/" in url] == [moved.value.url]
    page.reload()
    expect(cell(page, doing).locator('.k[data-number="1"]')).to_be_visible()
    assert WorkItem.objects.get(board=board, number=1).column_id == doing.pk


def test_move_a_card_with_the_keyboard_and_hear_where_it_went(
    page: Page, live_server, workplace, signed_in
):
    # given a board with two cards
    board = board_with_cards(workplace)
    doing = board.columns.get(position=1)
    signed_in(workplace.user)
    page.goto(f"{live_server.url}{board_path(workplace, board)}")

    # when I reach card #2 with the keyboard and open its "Sposta…" dialog
    card(page, 2).locator(".kt a").focus()
    page.keyboard.press("Tab")
    expect(card(page, 2).locator("[data-move]")).to_be_focused()
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_label(re.compile("Colonna|Column"))).to_be_focused()
    assert_accessible(page)
    dialog.get_by_label(re.compile("Colonna|Column")).select_option(label="In corso")
    dialog.get_by_role("button", name=re.compile("^(Sposta|Move)$")).click()

    # then the move is announced, the card is in "In corso", and it keeps the focus
    expect(page.locator("#board-status")).to_have_text(
        re.compile(r"(Scheda|Card) #2 .*In corso.*Attività.*1")
    )
    expect(cell(page, doing).locator('.k[data-number="2"]')).to_be_visible()
    expect(card(page, 2).locator("[data-move]")).to_be_focused()

    # and the shortcut "[" takes it back to the previous column
    page.keyboard.press("[")
    expect(cell(page, board.columns.get(position=0)).locator('.k[data-number="2"]')).to_be_visible()
    expect(page.locator("#board-status")).to_contain_text("Da fare")
    assert WorkItem.objects.get(board=board, number=2).column.position == 0


@pytest.mark.parametrize("width", [1280, 390])
def test_a_drag_can_be_undone_and_the_card_goes_back_where_it_was(
    page: Page, live_server, workplace, signed_in, width
):
    # given a board with three cards in "Da fare"
    page.set_viewport_size({"width": width, "height": 900})
    board = board_with_cards(workplace, cards=3)
    todo, doing = board.columns.get(position=0), board.columns.get(position=1)
    signed_in(workplace.user)
    page.goto(f"{live_server.url}{board_path(workplace, board)}")

    # when I move card #2 to "In corso" (by the keyboard on a phone, by the mouse on a desktop)
    with page.expect_response(lambda r: r.url.endswith("/cards/2/move/")):
        if width < 768:
            card(page, 2).locator(".kt a").focus()
            page.keyboard.press("]")
        else:
            drag(page, card(page, 2), cell(page, doing))
    undo = page.locator("#board-undo")
    expect(undo).to_be_visible()
    expect(undo).to_contain_text("Scheda #2 spostata.")
    assert_accessible(page)

    # then "Annulla" puts it back between #1 and #3
    with page.expect_response(lambda r: r.url.endswith("/cards/2/move/")):
        undo.get_by_role("button", name="Annulla").click()
    expect(cell(page, todo).locator(".k")).to_have_count(3)
    numbers = cell(page, todo).locator(".k").evaluate_all("ks => ks.map(k => k.dataset.number)")
    assert numbers == ["1", "2", "3"]
    expect(undo).to_be_hidden()
    order = WorkItem.objects.filter(board=board, column=todo).order_by("rank")
    assert list(order.values_list("number", flat=True)) == [1, 2, 3]


@pytest.mark.parametrize("width", [1280, 768])
def test_lift_a_card_carry_it_with_the_arrows_drop_it_with_space_and_undo(
    page: Page, live_server, workplace, signed_in, width
):
    # given a board with three cards in "Da fare"
    page.set_viewport_size({"width": width, "height": 900})
    board = board_with_cards(workplace, cards=3)
    todo, doing = board.columns.get(position=0), board.columns.get(position=1)
    signed_in(workplace.user)
    page.goto(f"{live_server.url}{board_path(workplace, board)}")
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))

    # when I read the board with the arrows on a card that is not lifted, nothing moves
    card(page, 3).locator(".kt a").focus()
    for key in ("ArrowRight", "ArrowDown", "ArrowLeft", "ArrowUp"):
        page.keyboard.press(key)
    page.wait_for_timeout(300)
    assert not [url for url in fetched if "/move/" in url]
    expect(cell(page, todo).locator('.k[data-number="3"]')).to_be_visible()

    # when I lift card #3 with Space, carry it up once and to the next column: nothing is sent
    card(page, 3).locator(".kt a").focus()
    page.keyboard.press("Space")
    status = page.locator("#board-status")
    expect(status).to_contain_text("#3 sollevata")
    page.keyboard.press("ArrowUp")
    expect(status).to_contain_text("Da fare, corsia Attività, posizione 2")
    page.keyboard.press("ArrowRight")
    expect(status).to_contain_text("In corso, corsia Attività, posizione 1")
    expect(card(page, 3).locator(".kt a")).to_be_focused()
    assert_accessible(page)
    assert not [url for url in fetched if "/move/" in url]

    # then Space drops it there: one move, and the card keeps the focus
    with page.expect_response(lambda r: r.url.endswith("/cards/3/move/")) as moved:
        page.keyboard.press("Space")
    assert moved.value.status == 200
    expect(status).to_contain_text("Scheda #3 spostata in In corso")
    expect(cell(page, doing).locator('.k[data-number="3"]')).to_be_visible()
    assert WorkItem.objects.get(board=board, number=3).column_id == doing.pk
    expect(page.locator("#board-undo")).to_contain_text("Scheda #3 spostata.")

    # and Ctrl+Z takes it back to the bottom of "Da fare", where it was lifted from
    with page.expect_response(lambda r: r.url.endswith("/cards/3/move/")):
        page.keyboard.press("Control+z")
    expect(page.locator("#board-undo")).to_be_hidden()
    numbers = cell(page, todo).locator(".k").evaluate_all("ks => ks.map(k => k.dataset.number)")
    assert numbers == ["1", "2", "3"]
    expect(card(page, 3).locator(".kt a")).to_be_focused()
    assert WorkItem.objects.get(board=board, number=3).column_id == todo.pk

    # and a card lifted then let go with Esc stays where it was, unsent
    card(page, 1).locator(".kt a").focus()
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Escape")
    expect(status).to_contain_text("annullato")
    expect(cell(page, todo).locator(".k").first).to_have_attribute("data-number", "1")
    expect(card(page, 1).locator(".kt a")).to_be_focused()
    assert len([url for url in fetched if "/move/" in url]) == 2


def test_a_hard_wip_limit_refuses_the_drag_and_puts_the_card_back(
    page: Page, live_server, workplace, signed_in, browser_problems
):
    # given a board whose "In corso" column already holds one card
    board = board_with_cards(workplace)
    todo, doing = board.columns.get(position=0), board.columns.get(position=1)
    WorkItem.objects.filter(board=board, number=1).update(column=doing, rank=0)
    board.managers.add(workplace.user)  # she manages the board (decision 0039)
    signed_in(workplace.user)

    # when I set a hard WIP limit of 1 on "In corso" in the board's settings
    page.goto(f"{live_server.url}{board_path(workplace, board)}settings/")
    assert_accessible(page)
    column = page.locator(f"#column-{doing.pk}")
    column.locator("summary").click()
    column.get_by_label(re.compile("Limite WIP|WIP limit")).fill("1")
    column.get_by_label(re.compile("Quando il limite|When the limit")).select_option("hard")
    column.get_by_role("button", name=re.compile("Salva la colonna|Save the column")).click()
    expect(page.locator(".officina-messages")).to_be_visible()
    page.goto(f"{live_server.url}{board_path(workplace, board)}")
    expect(page.locator(f'#board-body .ch[data-column="{doing.pk}"]')).to_contain_text("1/1")

    # and try to drag the second card into it
    # (the refusal is an HTTP 422 on purpose: the browser logs it, the test expects it)
    browser_problems.expect_console_error("422")
    browser_problems.expect_broken_resource("/cards/2/move/")
    with page.expect_response(lambda r: r.url.endswith("/cards/2/move/")) as refused:
        drag(page, card(page, 2), cell(page, doing))

    # then the limit is named in the alert, and the card is back where it was
    assert refused.value.status == 422
    expect(page.get_by_role("alert").filter(has_text="In corso")).to_contain_text("1")
    expect(cell(page, todo).locator('.k[data-number="2"]')).to_be_visible()
    expect(cell(page, doing).locator(".k")).to_have_count(1)
    assert WorkItem.objects.get(board=board, number=2).column_id == todo.pk
    assert_accessible(page)


def test_touch_tablet_can_read_the_board_and_move_a_card(
    browser: Browser, live_server, workplace, signed_in, browser_problems
):
    # given a touch tablet in landscape
    context = browser.new_context(
        viewport=TABLET_LANDSCAPE, has_touch=True, is_mobile=False, locale="it-IT"
    )
    browser_problems.watch(context)
    signed_in(workplace.user, context)
    board = board_with_cards(workplace)
    page = context.new_page()
    page.goto(f"{live_server.url}{board_path(workplace, board)}")

    # then the page itself does not scroll sideways (the board scrolls inside its own area)
    fits = page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
    assert fits, "the page is wider than the tablet"
    assert_accessible(page)

    # when I tap "Sposta…" on card #1 and choose "Fatto"
    card(page, 1).locator("[data-move]").tap()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label(re.compile("Colonna|Column")).select_option(label="Fatto")
    dialog.get_by_role("button", name=re.compile("^(Sposta|Move)$")).tap()

    # then the card is in "Fatto"
    done = board.columns.get(position=2)
    expect(cell(page, done).locator('.k[data-number="1"]')).to_be_visible()
    assert WorkItem.objects.get(board=board, number=1).column_id == done.pk
    context.close()


def touch_drag(page: Page, source: Locator, target: Locator) -> None:
    """A finger: press on the card, hold past SortableJS's touch delay, slide, lift.

    Playwright has no touch-drag helper, so the touch points go through the Chrome DevTools
    Protocol, which feeds them to the page as real touch (and pointer) events."""
    start = source.bounding_box()
    end = target.bounding_box()
    assert start
    assert end
    session = page.context.new_cdp_session(page)
    x, y = start["x"] + start["width"] / 2, start["y"] + 10
    end_x, end_y = end["x"] + end["width"] / 2, end["y"] + end["height"] - 8

    def touch(kind: str, points: list[dict[str, float]]) -> None:
        session.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})

    touch("touchStart", [{"x": x, "y": y}])
    page.wait_for_timeout(250)  # longer than the board's 120 ms hold, as a finger does
    steps = 20
    for step in range(1, steps + 1):
        touch(
            "touchMove",
            [{"x": x + (end_x - x) * step / steps, "y": y + (end_y - y) * step / steps}],
        )
        page.wait_for_timeout(16)
    touch("touchEnd", [])
    session.detach()


def test_drag_a_card_with_a_finger_on_a_touch_tablet(
    browser: Browser, live_server, workplace, signed_in, browser_problems
):
    # given a touch tablet in landscape, on a board with two cards in "Da fare"
    context = browser.new_context(
        viewport=TABLET_LANDSCAPE, has_touch=True, is_mobile=False, locale="it-IT"
    )
    browser_problems.watch(context)
    signed_in(workplace.user, context)
    board = board_with_cards(workplace)
    page = context.new_page()
    page.goto(f"{live_server.url}{board_path(workplace, board)}")
    doing = board.columns.get(position=1)

    # when I drag card #1 into "In corso" with a finger
    with page.expect_response(lambda response: "/move/" in response.url) as moved:
        touch_drag(page, card(page, 1), cell(page, doing))

    # then it is saved there, and stays there after a reload
    assert moved.value.status == 200
    assert WorkItem.objects.get(board=board, number=1).column_id == doing.pk
    page.reload()
    expect(cell(page, doing).locator('.k[data-number="1"]')).to_be_visible()
    assert_accessible(page)
    context.close()


def test_board_refreshes_its_body_when_live_js_announces_a_change(
    page: Page, live_server, workplace, signed_in
):
    # given my board is open, with a filter on, and the focus on card #1
    board = board_with_cards(workplace)
    signed_in(workplace.user)
    page.goto(f"{live_server.url}{board_path(workplace, board)}?q=Pratica")
    page.evaluate("window.officinaSamePage = true")
    card(page, 1).locator(".kt a").focus()

    # when a colleague adds a card and live.js announces the new version
    WorkItem.objects.filter(board=board, number=2).update(title="Pratica rinominata", version=9)
    Board.objects.filter(pk=board.pk).update(version=board.version + 5)
    with page.expect_response(lambda r: "/body/?q=Pratica" in r.url) as body:
        page.evaluate(
            """version => document.dispatchEvent(new CustomEvent("officina:board-changed",
                {detail: {version, cards: [], structure: false, reconnected: false}}))""",
            board.version + 5,
        )

    # then the body is fetched with the same filters and swapped in place, focus kept
    assert body.value.status == 200
    expect(card(page, 2)).to_contain_text("Pratica rinominata")
    expect(card(page, 1).locator(".kt a")).to_be_focused()
    expect(page.locator("#board")).to_have_attribute("data-version", str(board.version + 5))
    assert page.evaluate("window.officinaSamePage === true"), "the page reloaded"


def test_filters_narrow_the_board_without_reloading(page: Page, live_server, workplace, signed_in):
    # given a board with three cards, one of them blocked
    board = board_with_cards(workplace, cards=3)
    WorkItem.objects.filter(board=board, number=3).update(is_blocked=True, blocked_reason="Firma")
    signed_in(workplace.user)
    page.goto(f"{live_server.url}{board_path(workplace, board)}")
    page.evaluate("window.officinaSamePage = true")

    # when I tick "blocked only" (HTMX fetches the body with the filters)
    page.get_by_label(re.compile("Solo bloccate|Blocked only")).check()

    # then only the blocked card is left, the address keeps the filter, the page did not reload
    expect(page.locator("#board-body .k")).to_have_count(1)
    expect(card(page, 3)).to_be_visible()
    expect(page).to_have_url(re.compile(r"[?&]blocked=on"))
    assert page.evaluate("window.officinaSamePage === true"), "the page reloaded"
    assert_accessible(page)


def test_without_javascript_create_a_card_with_the_full_form_and_move_it_with_a_form(
    page: Page,
    browser: Browser,
    browser_context_args,
    browser_problems,
    live_server,
    workplace,
    signed_in,
):
    # given Giulia's browser runs no JavaScript, on an empty board
    board = make_board(team=workplace.team, name="Protocollo")
    context = browser.new_context(**browser_context_args, java_script_enabled=False)
    browser_problems.watch(context)
    signed_in(workplace.user, context)
    no_js = context.new_page()
    base = f"{live_server.url}{board_path(workplace, board)}"
    # when she creates a card with the full form
    no_js.goto(f"{base}cards/new/")
    no_js.get_by_label("Titolo").fill("Registrare la posta in arrivo")
    no_js.get_by_role("button", name="Crea la scheda").click()
    number = WorkItem.objects.get(board=board).number
    # and moves it to "In corso" through the "Sposta" page
    no_js.goto(f"{base}cards/{number}/move/")
    expect(no_js.get_by_role("heading", level=1)).to_contain_text(f"#{number}")
    no_js.get_by_label("Colonna").select_option(label="In corso")
    no_js.get_by_role("button", name="Sposta", exact=True).click()
    # then the board shows it there
    expect(no_js).to_have_url(re.compile(rf"{board_path(workplace, board)}$"))
    expect(cell(no_js, board.columns.get(name="In corso"))).to_contain_text(
        "Registrare la posta in arrivo"
    )
    context.close()
    # and the two form pages pass axe (axe runs in the page, so in a browser with JavaScript)
    signed_in(workplace.user)
    for path in ("cards/new/", f"cards/{number}/move/"):
        page.goto(f"{base}{path}")
        assert_accessible(page)
