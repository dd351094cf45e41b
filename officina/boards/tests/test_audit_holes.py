"""Regression tests of the holes an outside audit found in the boards (issue 8, points 3-8).

Each failed on the code before its fix; they go through HTTP, the WebSocket and the services
people use, so they keep proving the fix whatever the code behind them becomes.
"""

import importlib
from collections.abc import Callable

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import Resolver404, URLResolver, clear_url_caches, reverse
from django.urls.resolvers import RegexPattern

from officina.accounts.models import User
from officina.boards.models import Board, Column, Comment, WorkItem, WorkItemLink
from officina.boards.services.cards import work_item_create
from officina.boards.tests.factories import make_board
from officina.organisations.actor import Actor
from officina.organisations.models import Organisation, Team, TeamMembership
from officina.organisations.services.teams import team_membership_remove
from officina.organisations.tests.factories import TeamFactory, TeamMembershipFactory

pytestmark = pytest.mark.django_db

HUGE = str(2**70)


def _client(user: User) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="it")
    client.force_login(user)
    return client


def move_through(user: User, card: WorkItem, column: Column) -> None:
    """Move the card as a person's browser does (drag and drop)."""
    response = _client(user).post(
        _card_url(card, "card-move"),
        {"column": column.pk, "swimlane": card.swimlane_id},
        HTTP_X_REQUESTED_WITH="fetch",
    )
    assert response.status_code == 200


def _board_url(board: Board, name: str = "board-detail", **kwargs: object) -> str:
    return reverse(
        f"boards:{name}",
        kwargs={"org_slug": board.organisation.slug, "board_id": board.pk, **kwargs},
    )


def _card_url(card: WorkItem, name: str = "card-detail", **kwargs: object) -> str:
    return _board_url(card.board, name, number=card.number, **kwargs)


# --- 3. A guest removed from the team loses what the membership gave ---------------------------


@pytest.fixture
def guest_card(
    board: Board, guest: User, member_actor: Actor, organisation: Organisation
) -> WorkItem:
    """A card on a board the guest is invited to; the guest also works with another team of
    the organisation, so they still have a place in it after leaving this one."""
    other_team = TeamFactory(organisation=organisation, name="Manutenzioni")
    TeamMembershipFactory(team=other_team, user=guest, role=TeamMembership.Role.GUEST)
    board.guests.add(guest)
    return work_item_create(actor=member_actor, board=board, title="Consegna del fornitore")


def _guest_can_do_nothing(guest: User, card: WorkItem) -> None:
    client = _client(guest)
    assert client.get(_board_url(card.board)).status_code == 404
    assert client.get(_card_url(card)).status_code == 404
    attempts = {
        "card-comment-add": {"body": "Ancora qui"},
        "card-block": {"action": "block", "reason": "Prova"},
        "card-archive": {"action": "archive", "resolution": "wont_do"},
        "card-attachment-add": {"file": SimpleUploadedFile("nota.txt", b"testo")},
    }
    for name, data in attempts.items():
        assert client.post(_card_url(card, name), data).status_code == 404, name
    card.refresh_from_db()
    assert (card.is_blocked, card.archived_at) == (False, None)
    assert not Comment.objects.filter(work_item=card).exists()
    assert not card.attachments.exists()


def test_a_guest_removed_from_the_team_by_its_lead_loses_the_board(
    guest_card: WorkItem,
    guest: User,
    lead: User,
    team: Team,
    organisation: Organisation,
    actor_of: Callable[..., Actor],
):
    # given: the guest works on the board they are invited to
    assert _client(guest).get(_card_url(guest_card)).status_code == 200

    # when: the team's lead removes them from the team
    team_membership_remove(actor=actor_of(lead, organisation), team=team, user=guest)

    # then: nothing of the board is theirs any more, and the invitation is gone with them
    _guest_can_do_nothing(guest, guest_card)
    assert not guest_card.board.guests.filter(pk=guest.pk).exists()


def test_a_guest_whose_membership_is_deleted_in_the_admin_loses_the_board(
    guest_card: WorkItem, guest: User, team: Team
):
    # when: the membership row goes (what the team's admin page does with its inline)
    TeamMembership.objects.get(team=team, user=guest).delete()

    # then
    _guest_can_do_nothing(guest, guest_card)


def test_an_invitation_left_behind_gives_no_access_without_a_guest_membership(
    guest_card: WorkItem, guest: User, team: Team
):
    # given: an invitation row that outlived the membership (written before the fix, or by SQL)
    TeamMembership.objects.filter(team=team, user=guest).delete()
    guest_card.board.guests.add(guest)

    # then: access is decided from the current memberships only
    _guest_can_do_nothing(guest, guest_card)


# --- 4. A link names nothing of a board the viewer may not see ----------------------------------


def test_a_link_to_a_card_of_a_board_the_viewer_cannot_see_shows_nothing_of_it(
    organisation: Organisation,
    team: Team,
    member_actor: Actor,
    outsider: User,
):
    # given: a board the whole organisation reads, and a private board of another team
    shared = make_board(team=team, name="Pubblica", visibility=Board.Visibility.ORGANISATION)
    other_team = TeamFactory(organisation=organisation, name="Segreteria del sindaco")
    TeamMembershipFactory(team=other_team, user=member_actor.user, role="member")
    private = make_board(team=other_team, name="Riservata del sindaco")
    card = work_item_create(actor=member_actor, board=shared, title="Pratica pubblica")
    secret = work_item_create(actor=member_actor, board=private, title="Nomina del segretario")
    WorkItemLink.objects.create(
        organisation=organisation, source=card, target=secret, kind="relates"
    )
    WorkItemLink.objects.create(
        organisation=organisation, source=secret, target=card, kind="blocks"
    )

    # when: a colleague who sees only the shared board opens the card
    page = _client(outsider).get(_card_url(card)).content.decode()

    # then: the links are there, but not the other card's title, board or number
    assert "Nomina del segretario" not in page
    assert "Riservata del sindaco" not in page
    assert _card_url(secret) not in page
    assert page.count("una scheda collegata su una bacheca che non puoi vedere") >= 2


# --- 5. An open board socket is closed when access ends (test_consumers_access.py) -------------


# --- 6. Numbers too large for the database are refused, not a server error ----------------------


def test_out_of_range_ids_in_addresses_are_not_found(member: User, board: Board):
    client = _client(member)
    slug = board.organisation.slug
    assert client.get(f"/o/{slug}/boards/{HUGE}/").status_code == 404
    assert client.get(f"/o/{slug}/boards/{board.pk}/cards/{HUGE}/").status_code == 404
    assert client.get(f"/api/v1/o/{slug}/boards/{HUGE}/").status_code == 404


def test_out_of_range_ids_in_api_filters_answer_400_with_the_field(member: User, board: Board):
    client = _client(member)
    url = reverse(
        "boards-api:card-list",
        kwargs={"org_slug": board.organisation.slug, "board_id": board.pk},
    )
    for name in ("column", "swimlane", "assignee", "label"):
        response = client.get(url, {name: HUGE})
        assert response.status_code == 400, name
        assert name in response.json()


def test_out_of_range_ids_in_the_card_form_are_a_form_error(
    member: User, member_actor: Actor, board: Board
):
    card = work_item_create(actor=member_actor, board=board, title="Pratica")
    page = _client(member).get(_card_url(card, "card-edit")).content.decode()
    assert "base_title" in page

    response = _client(member).post(
        _card_url(card, "card-edit"),
        {
            "title": "Pratica",
            "class_of_service": "standard",
            "assignees": [HUGE],
            "labels": [HUGE],
            "base_title": "Pratica",
            "base_class_of_service": "standard",
        },
    )

    assert response.status_code == 200
    assert "non è tra quelle disponibili" in response.content.decode()


def test_out_of_range_numbers_in_the_move_form_are_refused_with_a_message(
    member: User, member_actor: Actor, board: Board
):
    card = work_item_create(actor=member_actor, board=board, title="Pratica")
    response = _client(member).post(
        _card_url(card, "card-move"),
        {"column": HUGE, "swimlane": HUGE, "position": HUGE, "version": HUGE},
        HTTP_X_REQUESTED_WITH="fetch",
    )
    assert response.status_code == 422
    assert response.content.decode() == "Scegli una colonna e una corsia di questa bacheca."


# --- 7. Descriptions have a limit; uploaded files are served only after the check ----------------


def test_a_description_over_the_limit_is_refused_with_a_message_and_nothing_is_lost(
    member: User, member_actor: Actor, board: Board
):
    card = work_item_create(actor=member_actor, board=board, title="Pratica")
    long_text = "x" * 20_001

    response = _client(member).post(
        _card_url(card, "card-edit"),
        {
            "title": "Pratica",
            "description": long_text,
            "class_of_service": "standard",
            "base_title": "Pratica",
            "base_class_of_service": "standard",
        },
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "non contenga più di 20000 caratteri" in page
    assert long_text in page, "the person's text is kept in the form"
    card.refresh_from_db()
    assert card.description == ""


def test_the_api_refuses_a_description_over_the_limit(
    member: User, member_actor: Actor, board: Board
):
    card = work_item_create(actor=member_actor, board=board, title="Pratica")
    url = reverse(
        "boards-api:card-detail",
        kwargs={"org_slug": board.organisation.slug, "board_id": board.pk, "number": 1},
    )
    response = _client(member).patch(
        url, {"description": "x" * 20_001}, content_type="application/json"
    )
    assert response.status_code == 400
    assert "20000" in str(response.json()["description"])
    card.refresh_from_db()
    assert card.description == ""


def test_uploaded_files_have_no_unchecked_address_even_with_debug_on():
    import config.urls

    try:
        with override_settings(DEBUG=True):
            urls = importlib.reload(config.urls)
            resolver = URLResolver(RegexPattern(r"^/"), urls)
            with pytest.raises(Resolver404):
                resolver.resolve(f"{settings.MEDIA_URL}attachments/1/3f2a9c")
    finally:
        importlib.reload(config.urls)
        clear_url_caches()


# --- 8. A column or lane that a card once passed through is closed, not deleted ---------------


def test_deleting_a_column_a_card_passed_through_says_to_close_it(
    member: User, member_actor: Actor, board: Board
):
    board.managers.add(member)  # a manager of the board deletes its parts
    todo, doing = board.columns.get(position=0), board.columns.get(position=1)
    card = work_item_create(actor=member_actor, board=board, title="Pratica", column=todo)
    move_through(member, card, doing)
    move_through(member, card, todo)  # the column is empty again, but its history is not

    response = _client(member).post(_board_url(board, "column-delete", column_id=doing.pk))

    assert response.status_code == 422
    assert "chiudila" in response.content.decode()
    assert Column.objects.filter(pk=doing.pk).exists()


def test_deleting_a_lane_a_card_passed_through_says_why_not(
    member: User, member_actor: Actor, board: Board
):
    board.managers.add(member)  # a manager of the board deletes its parts
    first = board.swimlanes.get()
    second = board.swimlanes.create(organisation=board.organisation, name="Seconda", position=1)
    card = work_item_create(actor=member_actor, board=board, title="Pratica", swimlane=second)
    WorkItem.objects.filter(pk=card.pk).update(swimlane=first)  # it left the lane

    response = _client(member).post(_board_url(board, "swimlane-delete", swimlane_id=second.pk))

    assert response.status_code == 422
    assert "non può essere eliminata" in response.content.decode()
    assert board.swimlanes.filter(pk=second.pk).exists()
