"""The board pages as people see them: list, creation, the board, moves, refresh and settings.

One module past 400 lines: these pages share the fixtures of one board and its query pins."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from officina.boards.builtin_templates import sync_builtin_templates
from officina.boards.models import (
    Board,
    BoardTemplate,
    ChecklistItem,
    Column,
    Comment,
    Label,
    WorkItem,
    WorkItemEvent,
)
from officina.boards.rendering import clear_face_caches
from officina.boards.tests.factories import bulk_cards, make_board
from officina.organisations.models import TeamMembership
from officina.organisations.tests.factories import TeamFactory

pytestmark = pytest.mark.django_db

SLUG = "tresinaro-secchia"


@pytest.fixture(autouse=True)
def _empty_face_cache():
    # Card ids repeat across tests (rolled-back SQLite): never let one test see another's faces.
    clear_face_caches()


@pytest.fixture
def builtin_templates(db) -> None:
    """Built-in templates are synced after migrate and after each test flush; be explicit."""
    sync_builtin_templates()


def it(msgid: str, **values) -> str:
    """The Italian a page shows for `msgid` (the lead compiles the catalogue from
    var/translations; until then the English msgid is what Italian pages show)."""
    with translation.override("it"):
        text = translation.gettext(msgid)
    return text % values if values else text


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def board_url(board: Board, name: str = "boards:board-detail", **kwargs) -> str:
    return reverse(name, kwargs={"org_slug": SLUG, "board_id": board.pk, **kwargs})


def cell(board: Board, position: int = 0):
    return board.columns.get(position=position), board.swimlanes.get(position=0)


# --- List and creation ------------------------------------------------------------------------


def test_board_list_groups_visible_boards_by_team_and_offers_new_board(
    member, team, board, organisation
):
    other_team = TeamFactory(organisation=organisation, name="Ufficio tributi")
    make_board(team=other_team, name="Tributi segreti")
    make_board(team=other_team, name="Tributi per tutti", visibility=Board.Visibility.ORGANISATION)

    response = client_for(member).get(reverse("boards:board-list", args=[SLUG]))

    html = response.content.decode()
    assert response.status_code == 200
    assert team.name in html
    assert "Bacheca del team" in html
    assert "Tributi per tutti" in html
    assert "Tributi segreti" not in html
    assert reverse("boards:board-create", args=[SLUG]) in html


@pytest.mark.parametrize("key", ["kanban-base", "servizio-cittadino", "sprint"])
def test_create_board_from_each_builtin_template(member, team, key, builtin_templates):
    template = BoardTemplate.objects.get(organisation__isnull=True, key=key)

    response = client_for(member).post(
        reverse("boards:board-create", args=[SLUG]),
        {
            "team": team.pk,
            "name": f"Bacheca {key}",
            "visibility": "team",
            "structure": f"t{template.pk}",
        },
    )

    board = Board.objects.get(name=f"Bacheca {key}")
    assert response.status_code == 302
    assert response["Location"] == board_url(board)
    expected = [column["name"] for column in template.structure["columns"]]
    assert list(board.columns.values_list("name", flat=True)) == expected


def test_create_board_as_copy_of_another_board_structure(member, team, board):
    Column.objects.filter(board=board, position=1).update(wip_limit=3, wip_policy="hard")

    client_for(member).post(
        reverse("boards:board-create", args=[SLUG]),
        {"team": team.pk, "name": "Copia", "visibility": "team", "structure": f"b{board.pk}"},
    )

    copy = Board.objects.get(name="Copia")
    assert list(copy.columns.values_list("name", "wip_limit", "wip_policy")) == list(
        board.columns.values_list("name", "wip_limit", "wip_policy")
    )


def test_create_board_with_a_taken_name_shows_the_rule_in_italian(
    member, team, board, builtin_templates
):
    template = BoardTemplate.objects.filter(organisation__isnull=True).first()
    assert template is not None

    response = client_for(member).post(
        reverse("boards:board-create", args=[SLUG]),
        {"team": team.pk, "name": board.name, "visibility": "team", "structure": f"t{template.pk}"},
        HTTP_ACCEPT_LANGUAGE="it",
    )

    assert response.status_code == 200
    assert escape(it("The team already has a board with this name.")) in response.content.decode()
    assert Board.objects.filter(team=team).count() == 1


# --- The board --------------------------------------------------------------------------------


def test_board_shows_columns_lanes_cards_labels_and_filters(member, board, organisation):
    column, lane = cell(board, 1)
    Column.objects.filter(pk=column.pk).update(wip_limit=2, policy="Solo pratiche complete")
    card, other = bulk_cards(board=board, count=2, column=column, swimlane=lane)
    label = Label.objects.create(organisation=organisation, board=board, name="Anagrafe")
    card.labels.add(label)
    card.assignees.add(member)
    WorkItem.objects.filter(pk=card.pk).update(
        is_blocked=True, blocked_reason="Manca il documento", class_of_service="urgent"
    )

    response = client_for(member).get(board_url(board))

    html = response.content.decode()
    assert response.status_code == 200
    for text in ("Da fare", "In corso", "Fatto", "Attività", card.title, other.title):
        assert text in html
    assert "2/2" in html  # count / WIP limit
    assert "Solo pratiche complete" in html
    assert 'class="lb lb-blue">Anagrafe' in html
    assert "Giulia Ferrari" in html
    assert ">GF<" in html
    assert "Manca il documento" in html
    assert f'data-number="{card.number}"' in html
    assert 'id="board-presence"' in html
    assert 'data-live-url="/ws/o/' in html
    assert 'name="assignee"' in html
    assert 'name="label"' in html
    assert 'name="due"' in html


def test_filters_without_javascript_narrow_the_cards(member, board, organisation):
    column, lane = cell(board)
    first, second, third = bulk_cards(board=board, count=3, column=column, swimlane=lane)
    label = Label.objects.create(organisation=organisation, board=board, name="Tributi")
    first.labels.add(label)
    second.assignees.add(member)
    WorkItem.objects.filter(pk=third.pk).update(
        due_date=timezone.localdate() - timedelta(days=2), is_blocked=True
    )
    client = client_for(member)

    def numbers(**params) -> set[int]:
        html = client.get(board_url(board), params).content.decode()
        return {card.number for card in (first, second, third) if f">#{card.number}<" in html}

    assert numbers() == {first.number, second.number, third.number}
    assert numbers(label=label.pk) == {first.number}
    assert numbers(assignee=member.pk) == {second.number}
    assert numbers(due="overdue") == {third.number}
    assert numbers(blocked="on") == {third.number}
    assert numbers(q=f"#{second.number}") == {second.number}
    assert numbers(q="nessuna") == set()


def test_htmx_filter_request_gets_only_the_body(member, board):
    response = client_for(member).get(
        board_url(board), {"q": "x"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="board-body"
    )

    html = response.content.decode()
    assert html.startswith('<div id="board-body"')
    assert "<html" not in html


def test_done_column_shows_the_latest_twenty_and_more_on_request(member, board):
    done, lane = cell(board, 2)
    cards = bulk_cards(board=board, count=25, column=done, swimlane=lane)
    now = timezone.now()
    for index, card in enumerate(cards):
        WorkItem.objects.filter(pk=card.pk).update(finished_at=now - timedelta(hours=index))
    client = client_for(member)

    html = client.get(board_url(board)).content.decode()
    more = client.get(board_url(board), {"more": done.pk}).content.decode()

    assert f">#{cards[0].number}<" in html
    assert f">#{cards[24].number}<" not in html  # the oldest finished
    assert f"{it('show more')} (5)" in html
    assert f"more={done.pk}" in html
    assert f">#{cards[24].number}<" in more


def test_read_only_viewer_sees_no_forms_and_no_move_controls(outsider, team, organisation):
    board = make_board(team=team, visibility=Board.Visibility.ORGANISATION)
    column, lane = cell(board)
    bulk_cards(board=board, count=1, column=column, swimlane=lane)

    html = client_for(outsider).get(board_url(board)).content.decode()

    assert "Pratica 1" in html
    assert 'class="qa"' not in html
    assert "data-move " not in html
    assert "data-move>" not in html
    assert "move-dialog" not in html
    assert "Sortable.min.js" not in html
    export_url = board_url(board, "boards:board-export")
    assert f'href="{export_url}">Esporta</a>' in html  # what they can see, they can export


def test_guest_not_invited_gets_404_and_invited_guest_sees_the_board(guest, board):
    client = client_for(guest)

    assert client.get(board_url(board)).status_code == 404
    board.guests.add(guest)
    assert client.get(board_url(board)).status_code == 200


def test_other_teams_team_only_board_is_404(member, organisation):
    other = make_board(team=TeamFactory(organisation=organisation), name="Riservata")

    assert client_for(member).get(board_url(other)).status_code == 404
    assert client_for(member).get(board_url(other, "boards:board-body")).status_code == 404


def test_card_titles_render_escaped(member, board):
    column, lane = cell(board)
    script, image = bulk_cards(board=board, count=2, column=column, swimlane=lane)
    WorkItem.objects.filter(pk=script.pk).update(title="<script>alert(1)</script>")
    WorkItem.objects.filter(pk=image.pk).update(title='"><img src=x onerror=alert(1)>')

    html = client_for(member).get(board_url(board)).content.decode()

    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


@pytest.mark.parametrize("cards", [1, 60])
def test_board_page_query_count_does_not_grow_with_cards(
    member, board, organisation, django_assert_num_queries, session_queries, cards, warm_access
):
    column, lane = cell(board, 1)
    created = bulk_cards(board=board, count=cards, column=column, swimlane=lane)
    label = Label.objects.create(organisation=organisation, board=board, name="Anagrafe")
    for card in created:
        card.labels.add(label)
        card.assignees.add(member)
    client = client_for(member)
    warm_access(member, organisation, board)

    # The shell: the user, the access generation (actor and board access are cached under it)
    # and the unread notices: 3.
    # The board: board + columns + lanes + labels + members + cell counts + open cards + 1 per
    # done column = 8. The faces not cached yet: assignees, labels, and one query counting the
    # checklist items, comments and files.
    with django_assert_num_queries(session_queries + 3 + 8 + 3):
        assert client.get(board_url(board)).status_code == 200
    # The same board version again: its rendered fragments are kept, only the board is read.
    with django_assert_num_queries(session_queries + 3 + 1):
        assert client.get(board_url(board)).status_code == 200
    # A new version (one card changed): the board is laid out again from the cached faces but
    # the changed one, whose related facts take the same three queries whatever the cards.
    WorkItem.objects.filter(pk=created[0].pk).update(version=5)
    Board.objects.filter(pk=board.pk).update(version=board.version + 1)
    with django_assert_num_queries(session_queries + 3 + 8 + 3):
        assert client.get(board_url(board)).status_code == 200


# --- Body refresh -----------------------------------------------------------------------------


def test_board_body_answers_304_until_the_board_changes(member, board, member_actor):
    client = client_for(member)
    url = board_url(board, "boards:board-body")

    first = client.get(url)
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    column, _lane = cell(board)
    from officina.boards.services.cards import work_item_create

    work_item_create(actor=member_actor, board=board, title="Nuova pratica", column=column)
    changed = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    other_filters = client.get(url, {"q": "x"}, HTTP_IF_NONE_MATCH=changed["ETag"])

    assert first.status_code == 200
    assert first["ETag"]
    assert again.status_code == 304
    assert changed.status_code == 200
    assert "Nuova pratica" in changed.content.decode()
    assert other_filters.status_code == 200


# --- Quick add and moves ----------------------------------------------------------------------


def test_quick_add_without_javascript_creates_the_card_and_redirects(member, board):
    column, _lane = cell(board)

    response = client_for(member).post(
        board_url(board, "boards:card-quick-add"), {"title": "Certificato", "column": column.pk}
    )

    assert response.status_code == 302
    card = WorkItem.objects.get(board=board, title="Certificato")
    assert card.column == column
    assert card.events.filter(kind=WorkItemEvent.Kind.CREATED).exists()


def test_quick_add_with_htmx_returns_the_refreshed_body(member, board):
    column, _lane = cell(board)

    response = client_for(member).post(
        board_url(board, "boards:card-quick-add"),
        {"title": "Certificato", "column": column.pk},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="board-body",
    )

    assert response.status_code == 200
    assert response.content.decode().startswith('<div id="board-body"')
    assert "Certificato" in response.content.decode()


def test_quick_add_puts_the_card_in_the_lane_chosen(member, board):
    column, first_lane = cell(board)
    second = board.swimlanes.create(organisation=board.organisation, name="Urgenti", position=1)

    page = client_for(member).get(board_url(board)).content.decode()
    response = client_for(member).post(
        board_url(board, "boards:card-quick-add"),
        {"title": "Certificato", "column": column.pk, "swimlane": second.pk},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="board-body",
    )

    assert f'<select id="qa-lane-{column.pk}" name="swimlane">' in page
    assert it("Swimlane of the new card") in page
    assert response.status_code == 200
    assert WorkItem.objects.get(title="Certificato").swimlane == second
    assert first_lane.work_items.count() == 0


def test_quick_add_refuses_a_lane_of_another_board(member, board, team):
    column, _lane = cell(board)
    other = make_board(team=team, name="Altra")

    response = client_for(member).post(
        board_url(board, "boards:card-quick-add"),
        {"title": "Certificato", "column": column.pk, "swimlane": other.swimlanes.get().pk},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="board-body",
    )

    assert response.status_code == 422
    assert response.content.decode() == it("This swimlane belongs to another board.")
    assert not WorkItem.objects.filter(title="Certificato").exists()


def test_the_board_offers_the_full_new_card_form_to_those_who_edit(member, board, outsider):
    board.visibility = Board.Visibility.ORGANISATION
    board.save()
    new_card = reverse("boards:card-create", args=[board.organisation.slug, board.pk])

    for_member = client_for(member).get(board_url(board)).content.decode()
    for_reader = client_for(outsider).get(board_url(board)).content.decode()

    # one link with the board's actions on wide screens, one by the filters on narrow ones
    assert for_member.count(f'href="{new_card}">{it("New card")}</a>') == 2
    assert new_card not in for_reader


def test_move_endpoint_moves_the_card_and_reports_the_new_version(member, board):
    todo, lane = cell(board)
    doing = board.columns.get(position=1)
    card = bulk_cards(board=board, count=1, column=todo, swimlane=lane)[0]

    response = client_for(member).post(
        board_url(board, "boards:card-move", number=card.number),
        {"column": doing.pk, "swimlane": lane.pk, "position": 0, "version": card.version},
        HTTP_X_REQUESTED_WITH="fetch",
    )

    card.refresh_from_db()
    board.refresh_from_db()
    assert response.status_code == 200
    assert response["X-Board-Version"] == str(board.version)
    assert card.column == doing
    assert card.events.get(kind=WorkItemEvent.Kind.MOVED).to_column == doing
    # The answer is the page's patch: the card's new face and place, and the column counts.
    patch = response.json()
    assert patch["version"] == board.version
    [moved] = patch["cards"]
    assert (moved["column"], moved["lane"], moved["before"]) == (doing.pk, lane.pk, None)
    assert f'data-version="{card.version}"' in moved["html"]
    assert f'id="col-{doing.pk}"' in patch["headers"]
    assert patch["lanes"] == {str(lane.pk): 1}


def test_move_page_without_javascript_moves_and_says_where(member, board):
    todo, lane = cell(board)
    doing = board.columns.get(position=1)
    card = bulk_cards(board=board, count=1, column=todo, swimlane=lane)[0]
    client = client_for(member)
    url = board_url(board, "boards:card-move", number=card.number)

    page = client.get(url)
    response = client.post(
        url,
        {"column": doing.pk, "swimlane": lane.pk, "position": "", "version": card.version},
        follow=True,
    )

    assert page.status_code == 200
    assert it("Move card #%(number)s", number=card.number) in page.content.decode()
    moved = it(
        "Card #%(number)s moved to %(column)s, swimlane %(lane)s, position %(position)s.",
        number=card.number,
        column="In corso",
        lane="Attività",
        position=1,
    )
    assert moved in response.content.decode()


def test_hard_wip_limit_refuses_the_move_in_italian_and_changes_nothing(member, board):
    todo, lane = cell(board)
    doing = board.columns.get(position=1)
    Column.objects.filter(pk=doing.pk).update(wip_limit=1, wip_policy="hard")
    bulk_cards(board=board, count=1, column=doing, swimlane=lane)
    card = bulk_cards(board=board, count=1, column=todo, swimlane=lane)[0]
    events = WorkItemEvent.objects.count()

    response = client_for(member).post(
        board_url(board, "boards:card-move", number=card.number),
        {"column": doing.pk, "swimlane": lane.pk, "version": card.version},
        HTTP_X_REQUESTED_WITH="fetch",
    )

    card.refresh_from_db()
    assert response.status_code == 422
    assert response.content.decode() == (
        'La colonna "In corso" è piena: il suo limite WIP è 1. '
        "Completa o sposta prima una scheda fuori da questa colonna."
    )
    assert card.column == todo
    assert WorkItemEvent.objects.count() == events


def test_stale_version_gets_the_conflict_message(member, board):
    todo, lane = cell(board)
    doing = board.columns.get(position=1)
    card = bulk_cards(board=board, count=1, column=todo, swimlane=lane)[0]

    response = client_for(member).post(
        board_url(board, "boards:card-move", number=card.number),
        {"column": doing.pk, "swimlane": lane.pk, "version": card.version + 5},
        HTTP_X_REQUESTED_WITH="fetch",
    )

    card.refresh_from_db()
    assert response.status_code == 409
    conflict = it(
        "Card #%(number)s was changed by someone else in the meantime and the board now "
        "shows where it is. Nothing was moved: try again if you still want to.",
        number=card.number,
    )
    assert response.content.decode() == conflict
    assert card.column == todo


def test_read_only_viewer_cannot_move_a_card(outsider, team):
    board = make_board(team=team, visibility=Board.Visibility.ORGANISATION)
    todo, lane = cell(board)
    card = bulk_cards(board=board, count=1, column=todo, swimlane=lane)[0]

    response = client_for(outsider).post(
        board_url(board, "boards:card-move", number=card.number),
        {"column": board.columns.get(position=1).pk, "swimlane": lane.pk},
    )

    assert response.status_code == 403


# --- Settings ---------------------------------------------------------------------------------


def test_settings_add_a_column_with_a_hard_limit_and_a_label(lead, board):
    client = client_for(lead)

    page = client.get(board_url(board, "boards:board-settings"))
    client.post(
        board_url(board, "boards:column-create"),
        {
            "new-column-name": "Verifica",
            "new-column-stage": "in_progress",
            "new-column-wip_limit": "2",
            "new-column-wip_policy": "hard",
            "new-column-policy": "Controllo del responsabile",
        },
    )
    client.post(
        board_url(board, "boards:label-create"), {"label-name": "Urgente", "label-colour": "red"}
    )

    assert page.status_code == 200
    column = board.columns.get(name="Verifica")
    assert (column.wip_limit, column.wip_policy) == (2, "hard")
    assert board.labels.filter(name="Urgente", colour="red").exists()


def test_settings_refuse_deleting_a_column_with_cards_in_italian(lead, board):
    todo, lane = cell(board)
    bulk_cards(board=board, count=1, column=todo, swimlane=lane)

    response = client_for(lead).post(board_url(board, "boards:column-delete", column_id=todo.pk))

    assert response.status_code == 422
    refusal = it(
        'The column "%(column)s" holds cards or their history: close it instead, '
        "so past moves stay exact.",
        column="Da fare",
    )
    assert escape(refusal) in response.content.decode()
    assert board.columns.filter(pk=todo.pk).exists()


def test_settings_are_403_for_read_only_viewers(outsider, team):
    board = make_board(team=team, visibility=Board.Visibility.ORGANISATION)

    assert client_for(outsider).get(board_url(board, "boards:board-settings")).status_code == 403


def test_settings_invite_a_team_guest(lead, board, guest):
    client_for(lead).post(
        board_url(board, "boards:board-guest-set", user_id=guest.pk), {"invited": "1"}
    )

    assert board.guests.filter(pk=guest.pk).exists()


def test_team_page_lists_the_team_boards_with_new_board_link(member, team, board):
    TeamMembership.objects.filter(user=member).update(role=TeamMembership.Role.MEMBER)

    html = (
        client_for(member)
        .get(reverse("organisations:team-detail", args=[SLUG, team.pk]))
        .content.decode()
    )

    assert board.name in html
    assert f"{reverse('boards:board-create', args=[SLUG])}?team={team.pk}" in html


def test_team_page_hides_from_a_guest_the_boards_they_are_not_invited_to(guest, team, board):
    # given the guest fixture, a guest of the team (not invited to the board)
    html = (
        client_for(guest)
        .get(reverse("organisations:team-detail", args=[SLUG, team.pk]))
        .content.decode()
    )

    assert board.name not in html


def test_card_face_shows_progress_counts_estimate_due_date_and_age(member, board, organisation):
    doing, lane = cell(board, 1)
    card = bulk_cards(board=board, count=1, column=doing, swimlane=lane)[0]
    today = timezone.localdate()
    WorkItem.objects.filter(pk=card.pk).update(
        estimate="3.0",
        due_date=today - timedelta(days=1),
        started_at=timezone.now() - timedelta(days=4),
        class_of_service="fixed_date",
    )
    for done in (True, False):
        ChecklistItem.objects.create(
            organisation=organisation, work_item=card, text="Passo", is_done=done
        )
    Comment.objects.create(organisation=organisation, work_item=card, author=member, body="Ok")

    html = client_for(member).get(board_url(board)).content.decode()

    assert ">1/2</span>" in html  # checklist progress
    assert f"{it('Comments')} </span>" in html
    assert f"3 {it('points')}" in html
    assert 'class="kd ov"' in html  # overdue, highlighted
    assert today.strftime("%d/%m/%Y") not in html
    assert (today - timedelta(days=1)).strftime("%d/%m/%Y") in html
    assert it("%(days)s days in progress") % {"days": 4} in html or "4 giorni" in html
    assert f'class="cs s-fixed_date">{it("Fixed date")}' in html


def test_card_face_dates_follow_the_language_and_counts_use_icons_not_emoji(
    member, board, organisation
):
    todo, lane = cell(board)
    card = bulk_cards(board=board, count=1, column=todo, swimlane=lane)[0]
    WorkItem.objects.filter(pk=card.pk).update(due_date="2030-12-05")
    Comment.objects.create(organisation=organisation, work_item=card, author=member, body="Ok")
    english = Client(HTTP_ACCEPT_LANGUAGE="en")
    english.force_login(member)

    italian_html = client_for(member).get(board_url(board)).content.decode()
    english_html = english.get(board_url(board)).content.decode()

    assert "05/12/2030" in italian_html
    assert "2030-12-05" in english_html  # never the American 12/05/2030
    assert "12/05/2030" not in english_html
    for html in (italian_html, english_html):
        assert "\N{SPEECH BALLOON}" not in html
        assert 'svg/sprites.svg#it-comment"' in html


def test_a_renamed_person_shows_with_the_new_name_on_cached_card_faces(member, board):
    todo, lane = cell(board)
    card = bulk_cards(board=board, count=1, column=todo, swimlane=lane)[0]
    card.assignees.add(member)
    client = client_for(member)
    assert "Giulia Ferrari" in client.get(board_url(board)).content.decode()  # faces cached

    member.last_name = "Ferrari Rossi"
    member.save()

    page = client.get(board_url(board)).content.decode()
    assert "Giulia Ferrari Rossi" in page
    assert ">Giulia Ferrari<" not in page


def test_signing_in_does_not_redraw_the_boards(member, board):
    before = board.structure_version
    client_for(member)  # force_login saves last_login only

    board.refresh_from_db()
    assert board.structure_version == before
