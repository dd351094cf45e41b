"""Following a card ("Segui questa scheda"): its followers hear of its changes."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from officina.boards.models import Board, WorkItem
from officina.boards.services.cards import work_item_create
from officina.boards.services.comments import comment_create
from officina.boards.services.moves import work_item_move
from officina.boards.services.watching import work_item_watch
from officina.boards.tests.factories import make_board
from officina.boards.tests.test_board_views import client_for
from officina.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_board(team) -> Board:
    return make_board(team=team, name="Bacheca aperta", visibility=Board.Visibility.ORGANISATION)


@pytest.fixture
def card(open_board, member_actor) -> WorkItem:
    return work_item_create(actor=member_actor, board=open_board, title="Graduatoria nidi")


def _watch_url(card: WorkItem) -> str:
    return reverse(
        "boards:card-watch",
        kwargs={
            "org_slug": card.board.organisation.slug,
            "board_id": card.board_id,
            "number": card.number,
        },
    )


def _card_page(client, card: WorkItem) -> str:
    url = reverse(
        "boards:card-detail",
        kwargs={
            "org_slug": card.board.organisation.slug,
            "board_id": card.board_id,
            "number": card.number,
        },
    )
    page: str = client.get(url).content.decode()
    return page


def test_a_follower_hears_of_a_move_and_a_comment_but_not_of_their_own(
    card, member, member_actor, lead, actor_of
):
    lead_actor = actor_of(lead, card.board.organisation)
    work_item_watch(actor=lead_actor, work_item=card, watch=True)
    work_item_watch(actor=member_actor, work_item=card, watch=True)
    doing = card.board.columns.get(position=1)

    with translation.override("it"):
        moved = work_item_move(actor=member_actor, work_item=card, column=doing)
        comment_create(actor=lead_actor, work_item=moved, body="Controllo io i punteggi")

    to_marco = Notification.objects.get(recipient=lead)
    to_giulia = Notification.objects.get(recipient=member)
    assert to_marco.kind == Notification.Kind.WATCHED
    assert to_marco.title == "Giulia Ferrari su #1 Graduatoria nidi: spostata in In corso"
    assert to_marco.url.endswith(f"/boards/{card.board_id}/cards/{card.number}/")
    assert to_giulia.actor == lead
    assert to_giulia.title.startswith("Marco Bertolini su #1 Graduatoria nidi: ")


def test_who_stops_following_hears_nothing_more(card, member_actor, lead, actor_of):
    lead_actor = actor_of(lead, card.board.organisation)
    work_item_watch(actor=lead_actor, work_item=card, watch=True)
    assert work_item_watch(actor=lead_actor, work_item=card, watch=False) is False

    work_item_move(actor=member_actor, work_item=card, column=card.board.columns.get(position=1))

    assert not Notification.objects.filter(recipient=lead).exists()
    assert WorkItem.objects.get(pk=card.pk).watcher_count == 0


def test_following_twice_counts_once(card, member_actor):
    work_item_watch(actor=member_actor, work_item=card, watch=True)
    work_item_watch(actor=member_actor, work_item=card, watch=True)

    assert WorkItem.objects.get(pk=card.pk).watcher_count == 1
    assert card.watches.count() == 1


def test_a_read_only_viewer_follows_from_the_card_page(card, outsider):
    client = client_for(outsider)
    with translation.override("it"):
        follow = translation.gettext("Follow this card")
        stop = translation.gettext("Stop following this card")

    assert follow in _card_page(client, card)
    response = client.post(_watch_url(card), {"watch": "1"}, follow=True)

    assert response.status_code == 200
    assert stop in response.content.decode()
    assert card.watches.get().user == outsider


def test_someone_who_cannot_see_the_card_cannot_follow_it(team, member_actor, outsider):
    private = make_board(team=team, name="Riservata")
    card = work_item_create(actor=member_actor, board=private, title="Pratica riservata")

    response = client_for(outsider).post(_watch_url(card), {"watch": "1"})

    assert response.status_code == 404
    assert not card.watches.exists()


def test_a_change_to_a_card_nobody_follows_looks_for_no_followers(card, member_actor, lead):
    doing = card.board.columns.get(position=1)
    with CaptureQueriesContext(connection) as moved:
        work_item_move(actor=member_actor, work_item=card, column=doing)
    assert not [q for q in moved.captured_queries if "boards_cardwatch" in q["sql"]]
