"""The cards API: lists with filters, changes with conflict detection, moves and their refusals."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from officina.accounts.tokens import token_create
from officina.boards.models import Board, Label, WorkItem, WorkItemEvent
from officina.boards.services.cards import work_item_create, work_item_update
from officina.boards.services.comments import comment_create
from officina.boards.tests.factories import bulk_cards, make_board
from officina.organisations.tests.factories import EnteFactory, TeamFactory

pytestmark = pytest.mark.django_db
JSON = "application/json"


def api(name, board, **kwargs):
    return reverse(
        f"boards-api:{name}",
        kwargs={"org_slug": board.organisation.slug, "board_id": board.pk, **kwargs},
    )


def card_api(name, card):
    return api(name, card.board, number=card.number)


@pytest.fixture
def columns(board):
    return list(board.columns.all())


@pytest.fixture
def card(board, member_actor):
    return work_item_create(actor=member_actor, board=board, title="Richiesta accesso atti")


def test_card_list_shows_every_field_of_a_card(client, board, member, member_actor, columns):
    # given
    label = Label.objects.create(organisation=board.organisation, board=board, name="Urgente")
    card = work_item_create(
        actor=member_actor,
        board=board,
        title="Verifica ISEE",
        description="**Entro** venerdì",
        assignee_ids=[member.pk],
        label_ids=[label.pk],
        estimate=Decimal("3"),
        class_of_service="urgent",
    )
    client.force_login(member)
    # when
    body = client.get(api("card-list", board)).json()
    # then
    assert body["count"] == 1
    item = body["results"][0]
    assert item["number"] == card.number
    assert item["column"] == columns[0].pk
    assert item["description_html"] == "<p><strong>Entro</strong> venerdì</p>"
    assert item["assignees"] == [{"id": member.pk, "name": "Giulia Ferrari"}]
    assert item["labels"] == [{"id": label.pk, "name": "Urgente", "colour": "blue"}]
    assert (item["estimate"], item["class_of_service"], item["version"]) == ("3.0", "urgent", 1)
    assert set(item) >= {"started_at", "finished_at", "archived_at", "created_at", "is_blocked"}


def test_card_list_filters(client, board, member, member_actor, columns):
    # given
    lane = board.swimlanes.get()
    label = Label.objects.create(organisation=board.organisation, board=board, name="Ufficio")
    todo = work_item_create(actor=member_actor, board=board, title="Da fare")
    mine = work_item_create(
        actor=member_actor,
        board=board,
        title="Mia",
        column=columns[1],
        assignee_ids=[member.pk],
        label_ids=[label.pk],
    )
    client.force_login(member)
    url = api("card-list", board)

    def numbers(**params):
        return [c["number"] for c in client.get(url, params).json()["results"]]

    # then
    assert numbers() == [todo.number, mine.number]
    assert numbers(column=columns[1].pk) == [mine.number]
    assert numbers(swimlane=lane.pk) == [todo.number, mine.number]
    assert numbers(assignee=member.pk) == [mine.number]
    assert numbers(label=label.pk) == [mine.number]
    assert numbers(blocked="true") == []
    assert numbers(blocked="false") == [todo.number, mine.number]
    assert numbers(archived="true") == []


def test_card_list_query_count_is_the_same_for_1_and_many_cards(
    client,
    board,
    member,
    member_actor,
    columns,
    session_queries,
    django_assert_num_queries,
    warm_access,
):
    # given: one card with an assignee and a label
    label = Label.objects.create(organisation=board.organisation, board=board, name="L")
    work_item_create(
        actor=member_actor, board=board, title="A", assignee_ids=[member.pk], label_ids=[label.pk]
    )
    client.force_login(member)
    url = api("card-list", board)
    warm_access(member, board.organisation, board)
    # user, access generation, board, count, cards, their assignees, their labels
    expected = session_queries + 7
    with django_assert_num_queries(expected):
        client.get(url)
    # when: 30 more cards, each with an assignee and a label
    board.refresh_from_db()
    cards = bulk_cards(board=board, count=30, column=columns[1], swimlane=board.swimlanes.get())
    for c in cards:
        c.assignees.add(member)
        c.labels.add(label)
    # then
    with django_assert_num_queries(expected):
        response = client.get(url)
    assert response.json()["count"] == 31


def test_member_creates_a_card_in_a_chosen_column(client, board, member, columns):
    client.force_login(member)
    response = client.post(
        api("card-list", board),
        {"title": "Nuova pratica", "column": columns[1].pk, "estimate": "2.5"},
        content_type=JSON,
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["title"], body["column"], body["estimate"]) == (
        "Nuova pratica",
        columns[1].pk,
        "2.5",
    )
    assert body["started_at"] is not None


def test_card_cannot_be_created_in_a_column_of_another_board(client, team, board, member):
    other = make_board(team=team, name="Altra")
    client.force_login(member)
    response = client.post(
        api("card-list", board),
        {"title": "X", "column": other.columns.all()[0].pk},
        content_type=JSON,
        headers={"accept-language": "it"},
    )
    assert response.status_code == 400
    assert response.json()
    assert not WorkItem.objects.filter(board=board).exists()


def test_card_detail_and_its_404s(client, organisation, board, member, card):
    client.force_login(member)
    assert client.get(card_api("card-detail", card)).json()["title"] == "Richiesta accesso atti"
    missing = api("card-detail", board, number=999)
    assert client.get(missing).status_code == 404


def test_card_of_a_team_only_board_of_another_team_is_not_found(client, outsider, card):
    client.force_login(outsider)
    assert client.get(card_api("card-detail", card)).status_code == 404
    moved = client.post(card_api("card-move", card), {"column": card.column_id}, content_type=JSON)
    assert moved.status_code == 404


def test_patch_changes_fields_and_records_the_history(client, member, card):
    client.force_login(member)
    response = client.patch(
        card_api("card-detail", card),
        {"title": "Accesso atti n. 12", "due_date": "2026-12-31", "version": card.version},
        content_type=JSON,
    )
    assert response.status_code == 200
    assert response.json()["version"] == card.version + 1
    assert WorkItemEvent.objects.filter(work_item=card, kind="edited").exists()


def test_patch_on_a_stale_version_is_a_409_and_changes_nothing(client, member, member_actor, card):
    # given: someone else changed the card after the caller read version 1
    work_item_update(actor=member_actor, work_item=card, data={"title": "Cambiata da altri"})
    client.force_login(member)
    # when
    response = client.patch(
        card_api("card-detail", card),
        {"title": "La mia modifica", "version": 1},
        content_type=JSON,
        headers={"accept-language": "en"},
    )
    # then
    assert response.status_code == 409
    assert response.json() == {
        "detail": f"Card #{card.number} was changed by someone else since you opened it.",
        "current_version": 2,
    }
    card.refresh_from_db()
    assert card.title == "Cambiata da altri"


def test_move_returns_the_moved_card(client, member, card, columns):
    client.force_login(member)
    response = client.post(
        card_api("card-move", card),
        {"column": columns[1].pk, "position": 0, "version": card.version},
        content_type=JSON,
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["column"], body["position"], body["version"]) == (columns[1].pk, 0, 2)
    assert WorkItemEvent.objects.filter(work_item=card, kind="moved").count() == 1


def _api_move_queries(client, secret, card, data):
    """The SQL of one API move with a token, without the test's own savepoints (a request
    runs in its own transaction, whose BEGIN and COMMIT are not logged)."""
    with CaptureQueriesContext(connection) as moved:
        response = client.post(
            card_api("card-move", card),
            data,
            content_type=JSON,
            headers={"authorization": f"Bearer {secret}"},
        )
    assert response.status_code == 200, response.content
    statements = [query["sql"] for query in moved.captured_queries]
    return response, [sql for sql in statements if not sql.startswith(("SAVEPOINT", "RELEASE"))]


def test_an_api_move_spends_eight_queries_token_included(client, member, card, columns):
    # As a REST client moves a card, in the steady state (issue 9: at most 8 queries): the
    # token and its user; the access generation; the board locked and its version advanced in
    # one statement; the card; its place among the column's cards; the card written; its
    # event; its assignees and labels for the answer, in one.
    _token, secret = token_create(user=member, name="Script")
    card.assignees.add(member)
    _api_move_queries(client, secret, card, {"column": columns[2].pk})  # warms the caches

    response, queries = _api_move_queries(client, secret, card, {"column": columns[1].pk})

    assert len(queries) == 8, "\n".join(queries)
    assert [sql.split()[0] for sql in queries].count("UPDATE") == 2  # the board and the card
    assert response.json()["assignees"] == [{"id": member.pk, "name": member.get_full_name()}]
    assert response.json()["column"] == columns[1].pk


def test_an_api_move_does_not_read_more_for_a_longer_column(client, member, card, columns):
    bulk_cards(board=card.board, count=300, column=columns[1], swimlane=card.swimlane)
    _token, secret = token_create(user=member, name="Script")
    _api_move_queries(client, secret, card, {"column": columns[2].pk})

    response, queries = _api_move_queries(
        client, secret, card, {"column": columns[1].pk, "position": 150}
    )

    assert len(queries) == 8, "\n".join(queries)
    assert response.json()["position"] == 150
    neighbours = WorkItem.objects.filter(column=columns[1], archived_at=None).order_by("rank")
    assert list(neighbours.values_list("pk", flat=True))[150] == card.pk


def test_move_into_a_full_hard_limit_column_is_refused_in_italian(
    client, board, member, member_actor, columns, card
):
    # given: "In corso" takes at most one card and has one
    doing = columns[1]
    doing.wip_limit, doing.wip_policy = 1, "hard"
    doing.save()
    work_item_create(actor=member_actor, board=board, title="Già in corso", column=doing)
    version = Board.objects.get(pk=board.pk).version
    client.force_login(member)
    # when
    response = client.post(
        card_api("card-move", card),
        {"column": doing.pk},
        content_type=JSON,
        headers={"accept-language": "it"},
    )
    # then: the message names the column and its limit, in Italian; nothing moved
    assert response.status_code == 400
    detail = response.json()["detail"]
    assert "In corso" in detail
    assert "1" in detail
    assert "limite WIP" in detail
    card.refresh_from_db()
    assert card.column_id == columns[0].pk
    assert Board.objects.get(pk=board.pk).version == version


def test_move_answer_follows_accept_language(client, board, member, columns, card):
    doing = columns[1]
    doing.is_closed = True
    doing.save()
    client.force_login(member)
    response = client.post(
        card_api("card-move", card),
        {"column": doing.pk},
        content_type=JSON,
        headers={"accept-language": "en"},
    )
    assert response.status_code == 400
    assert response.json() == {"detail": 'The column "In corso" is closed and accepts no cards.'}


def test_move_with_a_stale_version_is_a_409(client, member, member_actor, card, columns):
    work_item_update(actor=member_actor, work_item=card, data={"title": "Cambiata"})
    client.force_login(member)
    response = client.post(
        card_api("card-move", card), {"column": columns[1].pk, "version": 1}, content_type=JSON
    )
    assert response.status_code == 409
    assert response.json()["current_version"] == 2
    card.refresh_from_db()
    assert card.column_id == columns[0].pk


def test_move_to_a_column_of_another_board_is_refused(client, team, member, card):
    other = make_board(team=team, name="Altra")
    client.force_login(member)
    response = client.post(
        card_api("card-move", card), {"column": other.columns.all()[0].pk}, content_type=JSON
    )
    assert response.status_code == 400
    assert response.json() == {"detail": "Questa colonna appartiene a un'altra bacheca."}


def test_read_only_viewer_reads_but_cannot_move(client, organisation, team, outsider, member_actor):
    shared = make_board(team=team, name="Condivisa", visibility="organisation")
    card = work_item_create(actor=member_actor, board=shared, title="Pubblica")
    client.force_login(outsider)
    assert client.get(card_api("card-detail", card)).status_code == 200
    response = client.post(
        card_api("card-move", card), {"column": shared.columns.all()[2].pk}, content_type=JSON
    )
    assert response.status_code == 403
    assert response.json()["detail"]


def test_invited_guest_moves_cards_but_uninvited_guest_sees_nothing(
    client, board, guest, card, columns
):
    client.force_login(guest)
    move = {"column": columns[1].pk}
    assert client.post(card_api("card-move", card), move, content_type=JSON).status_code == 404
    board.guests.add(guest)
    board.guest_rights = Board.GuestRights.EDIT  # the board lets its guests work on cards
    board.save()
    assert client.post(card_api("card-move", card), move, content_type=JSON).status_code == 200


def test_guest_cannot_change_the_board_structure(client, board, guest):
    board.guests.add(guest)
    client.force_login(guest)
    response = client.post(api("column-list", board), {"name": "Nuova"}, content_type=JSON)
    assert response.status_code == 403
    assert "Solo i gestori della bacheca" in response.json()["detail"]


def test_block_unblock_archive_restore(client, member, card):
    client.force_login(member)
    blocked = client.post(
        card_api("card-block", card), {"reason": "Manca il documento"}, content_type=JSON
    )
    assert (blocked.json()["is_blocked"], blocked.json()["blocked_reason"]) == (
        True,
        "Manca il documento",
    )
    assert client.post(card_api("card-unblock", card)).json()["is_blocked"] is False
    archived = client.post(
        card_api("card-archive", card), {"resolution": "duplicate"}, content_type=JSON
    ).json()
    assert (archived["archived_at"] is not None, archived["resolution"]) == (True, "duplicate")
    assert client.post(card_api("card-restore", card)).json()["archived_at"] is None
    kinds = list(WorkItemEvent.objects.filter(work_item=card).values_list("kind", flat=True))
    assert kinds == ["created", "blocked", "unblocked", "archived", "restored"]


def test_block_needs_a_reason(client, member, card):
    client.force_login(member)
    assert client.post(card_api("card-block", card), {}, content_type=JSON).status_code == 400


def test_comments_are_listed_and_added(client, member, card):
    client.force_login(member)
    created = client.post(
        card_api("comment-list", card), {"body": "Sollecitato il *protocollo*"}, content_type=JSON
    )
    assert created.status_code == 201
    body = client.get(card_api("comment-list", card)).json()
    assert body["count"] == 1
    comment = body["results"][0]
    assert comment["body_html"] == "<p>Sollecitato il <em>protocollo</em></p>"
    assert comment["author"]["name"] == "Giulia Ferrari"


def test_comment_list_query_count_does_not_grow_with_comments(
    client, member, member_actor, card, session_queries, django_assert_num_queries, warm_access
):
    # given
    comment_create(actor=member_actor, work_item=card, body="Primo")
    client.force_login(member)
    url = card_api("comment-list", card)
    warm_access(member, card.board.organisation, card.board)
    # user, access generation, board, card with assignees and labels, count, comments with authors
    expected = session_queries + 8
    with django_assert_num_queries(expected):
        client.get(url)
    # when
    for n in range(10):
        comment_create(actor=member_actor, work_item=card, body=f"Commento {n}")
    # then
    with django_assert_num_queries(expected):
        response = client.get(url)
    assert response.json()["count"] == 11


def test_empty_comment_is_refused(client, member, card):
    client.force_login(member)
    response = client.post(card_api("comment-list", card), {"body": " "}, content_type=JSON)
    assert response.status_code == 400
    assert response.json()["body"]


def test_cards_of_another_organisation_s_board_are_not_reachable(client, member, organisation):
    foreign_board = make_board(team=TeamFactory(organisation=EnteFactory().organisation))
    client.force_login(member)
    url = reverse(
        "boards-api:card-list",
        kwargs={"org_slug": organisation.slug, "board_id": foreign_board.pk},
    )
    assert client.get(url).status_code == 404
