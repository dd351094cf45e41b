"""What people write on a card (description, comments) renders inert: no script, no event
handler, no javascript: or data: link, whatever the payload."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from officina.accounts.models import User
from officina.boards.models import WorkItem
from officina.boards.services.cards import work_item_create, work_item_update
from officina.boards.services.comments import comment_create
from officina.boards.tests.factories import make_board
from officina.organisations.actor import Actor
from officina.organisations.models import Team

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
    '<a href="javascript:alert(1)">clic</a>',
    "<svg onload=alert(1)>",
    '<iframe src="https://evil.example/"></iframe>',
    '" onmouseover="alert(1)',
    '<a href="x" onmouseover="alert(1)">x</a>',
    "[dati](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<a href="data:text/html,<script>alert(1)</script>">d</a>',
    '<img src="data:image/svg+xml,<svg onload=alert(1)>">',
    "[x](JaVaScRiPt:alert(1))",
    '<a href="&#106;avascript:alert(1)">entità</a>',
    "<details open ontoggle=alert(1)>",
    "<style>body{background:url(javascript:alert(1))}</style>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "`<script>alert(1)</script>`",
]

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.IGNORECASE)
DANGEROUS_URL = re.compile(
    r"""\b(?:href|src|action|formaction|xlink:href)\s*=\s*["']?\s*(?:javascript|data|vbscript):""",
    re.IGNORECASE,
)
ACTIVE_TAG = re.compile(r"<(?:iframe|object|embed|img|style|math|base)\b", re.IGNORECASE)


def assert_inert(page: str) -> None:
    assert not INLINE_SCRIPT.search(page), INLINE_SCRIPT.search(page)
    assert not EVENT_HANDLER.search(page), EVENT_HANDLER.search(page)
    assert not DANGEROUS_URL.search(page), DANGEROUS_URL.search(page)
    assert not ACTIVE_TAG.search(page), ACTIVE_TAG.search(page)


def _card_page(user: User, card: WorkItem) -> str:
    client = Client()
    client.force_login(user)
    url = reverse(
        "boards:card-detail", args=[card.board.organisation.slug, card.board_id, card.number]
    )
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_checks_catch_a_live_payload():
    with pytest.raises(AssertionError):
        assert_inert('<p><img src=x onerror="alert(1)"></p>')
    with pytest.raises(AssertionError):
        assert_inert('<a href="javascript:alert(1)">x</a>')
    assert_inert('<script src="/static/app.js"></script><p>&lt;script&gt;</p>')


@pytest.mark.parametrize("payload", PAYLOADS)
def test_description_renders_inert(team: Team, member: User, member_actor: Actor, payload: str):
    board = make_board(team=team)
    card = work_item_create(
        actor=member_actor, board=board, title=payload[:200], description=f"Testo\n\n{payload}"
    )
    assert_inert(_card_page(member, card))


@pytest.mark.parametrize("payload", PAYLOADS)
def test_edited_description_renders_inert(team, member, member_actor, payload):
    board = make_board(team=team)
    card = work_item_create(actor=member_actor, board=board, title="Pulita")
    work_item_update(actor=member_actor, work_item=card, data={"description": payload})
    assert_inert(_card_page(member, card))


@pytest.mark.parametrize("payload", PAYLOADS)
def test_comment_renders_inert(team, member, member_actor, payload):
    board = make_board(team=team)
    card = work_item_create(actor=member_actor, board=board, title="Con commento")
    comment_create(actor=member_actor, work_item=card, body=f"Vedi {payload}")
    assert_inert(_card_page(member, card))


def test_all_payloads_in_one_card_and_the_home_page(team, member, member_actor, organisation):
    board = make_board(team=team)
    card = work_item_create(
        actor=member_actor,
        board=board,
        title="<script>alert(1)</script>",
        description="\n\n".join(PAYLOADS),
        assignee_ids=[member.pk],
    )
    for payload in PAYLOADS:
        comment_create(actor=member_actor, work_item=card, body=payload)
    assert_inert(_card_page(member, card))
    client = Client()
    client.force_login(member)
    home = client.get(reverse("organisations:home", args=[organisation.slug])).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in home
    assert_inert(home)
