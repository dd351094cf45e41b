"""The card page and its forms, as a team member, a read-only viewer and a stranger see them.

One module past 400 lines: one page and the forms it posts, each checked as the three kinds of
visitor see it (files are in test_card_views_attachments.py, "my work" in _my_work.py)."""

import re
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext

from officina.accounts.models import User
from officina.boards.models import (
    Attachment,
    Board,
    ChecklistItem,
    Comment,
    Label,
    WorkItem,
    WorkItemEvent,
    WorkItemLink,
)
from officina.boards.services.cards import work_item_create, work_item_update
from officina.boards.services.checklist import checklist_item_add
from officina.boards.services.comments import comment_create
from officina.boards.services.links import work_item_link_create
from officina.boards.services.moves import work_item_move
from officina.boards.tests.factories import make_board
from officina.notifications.models import Notification
from officina.organisations.actor import Actor
from officina.organisations.models import Organisation, Team
from officina.organisations.tests.factories import TeamFactory, TeamMembershipFactory

pytestmark = pytest.mark.django_db


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _it(msgid: str) -> str:
    """The text as the (Italian) page shows it, whether or not the catalogue is compiled yet."""
    with translation.override("it"):
        return gettext(msgid)


def card_url(name: str, card: WorkItem, **kwargs: int) -> str:
    return reverse(
        f"boards:{name}",
        kwargs={
            "org_slug": card.board.organisation.slug,
            "board_id": card.board_id,
            "number": card.number,
            **kwargs,
        },
    )


@pytest.fixture
def shared_board(team: Team) -> Board:
    """Visible to the whole organisation: read-only for people outside the team."""
    return make_board(team=team, name="Bacheca aperta", visibility=Board.Visibility.ORGANISATION)


@pytest.fixture
def card(shared_board: Board, member_actor: Actor) -> WorkItem:
    return work_item_create(
        actor=member_actor,
        board=shared_board,
        title="Rinnovo convenzione mensa",
        description="Serve la **delibera** di giunta.",
    )


@pytest.fixture
def private_card(
    organisation: Organisation, make_employee: Callable[..., User], actor_of
) -> WorkItem:
    """A card of another team's private board."""
    other_team = TeamFactory(organisation=organisation, name="Ragioneria")
    owner = make_employee(first_name="Paola", last_name="Neri")
    TeamMembershipFactory(team=other_team, user=owner)
    board = make_board(team=other_team, name="Bilancio")
    return work_item_create(actor=actor_of(owner, organisation), board=board, title="Variazione")


# --- The card page ---------------------------------------------------------------------------


def test_card_page_shows_the_card_with_its_history(card, member):
    response = _client(member).get(card_url("card-detail", card))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Rinnovo convenzione mensa" in page
    assert "<strong>delibera</strong>" in page
    assert "Da fare" in page
    assert "Giulia Ferrari" in page
    assert '<time datetime="' in page
    assert card_url("card-edit", card) in page
    assert card_url("card-comment-add", card) in page
    assert "@giulia.ferrari" in page
    assert page.count("<h1") == 1


def test_card_page_tells_the_move_as_a_sentence(card, member, member_actor):
    in_progress = card.board.columns.get(name="In corso")
    work_item_move(actor=member_actor, work_item=card, column=in_progress)
    page = _client(member).get(card_url("card-detail", card)).content.decode()
    expected = _it("{actor} moved the card from {source} to {target}").format(
        actor="Giulia Ferrari", source="Da fare", target="In corso"
    )
    assert expected in page


def test_card_page_shows_age_and_days_in_column(card, member):
    WorkItem.objects.filter(pk=card.pk).update(
        started_at=timezone.now() - timedelta(days=5, hours=1),
        column_entered_at=timezone.now() - timedelta(days=2, hours=1),
    )
    page = _client(member).get(card_url("card-detail", card)).content.decode()
    with translation.override("it"):
        age = translation.ngettext(
            "%(days)s day since work started", "%(days)s days since work started", 5
        ) % {"days": 5}
        in_column = translation.ngettext("%(days)s day", "%(days)s days", 2) % {"days": 2}
    assert age in page
    assert in_column in page


def test_card_page_query_count_does_not_grow_with_what_is_on_the_card(
    card, member, member_actor, shared_board, session_queries
):
    # given: a card with one of each thing, then with many
    client = _client(member)
    client.get(card_url("card-detail", card))  # the first request after sign-in saves more

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(card_url("card-detail", card)).status_code == 200
        return len(queries)

    comment_create(actor=member_actor, work_item=card, body="Primo")
    checklist_item_add(actor=member_actor, work_item=card, text="Uno")
    one = count()
    for index in range(5):
        comment_create(actor=member_actor, work_item=card, body=f"Altro {index}")
        checklist_item_add(actor=member_actor, work_item=card, text=f"Passo {index}")
        other = work_item_create(actor=member_actor, board=shared_board, title=f"Altra {index}")
        work_item_link_create(actor=member_actor, source=card, target=other, kind="relates")
    # then: user, access generation, board, card, assignees, labels, checklist, members,
    # comments, attachments, links out and in, events, unread notifications
    assert one == count() == 14 + session_queries


def test_read_only_viewer_sees_the_card_without_forms(card, outsider):
    response = _client(outsider).get(card_url("card-detail", card))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Rinnovo convenzione mensa" in page
    assert card_url("card-comment-add", card) not in page
    assert card_url("card-edit", card) not in page
    # the one form they get is to follow the card
    forms = re.findall(r'<form method="post" action="(/o/[^"]+)"', page)
    assert forms == [card_url("card-watch", card)]


@pytest.mark.parametrize(
    "name",
    [
        "card-edit",
        "card-block",
        "card-archive",
        "card-checklist-add",
        "card-comment-add",
        "card-attachment-add",
        "card-link-add",
    ],
)
def test_read_only_viewer_gets_403_on_every_change(card, outsider, name):
    response = _client(outsider).post(card_url(name, card), {"text": "x", "body": "x"})
    assert response.status_code == 403
    # the 403 page says why, in the person's language
    assert "in sola lettura" in response.content.decode()
    assert not Comment.objects.filter(work_item=card).exists()
    assert not ChecklistItem.objects.filter(work_item=card).exists()


def test_read_only_viewer_gets_403_on_create(shared_board, outsider):
    url = reverse("boards:card-create", args=[shared_board.organisation.slug, shared_board.pk])
    for response in (_client(outsider).get(url), _client(outsider).post(url, {"title": "Intrusa"})):
        assert response.status_code == 403
        assert "in sola lettura" in response.content.decode()
    assert not WorkItem.objects.filter(title="Intrusa").exists()


@pytest.mark.parametrize("name", ["card-detail", "card-edit"])
def test_card_page_of_another_team_is_404(private_card, member, name):
    assert _client(member).get(card_url(name, private_card)).status_code == 404


@pytest.mark.parametrize(
    "name", ["card-edit", "card-comment-add", "card-block", "card-archive", "card-link-add"]
)
def test_change_on_a_card_of_another_team_is_404(private_card, member, name):
    response = _client(member).post(card_url(name, private_card), {"body": "x"})
    assert response.status_code == 404
    assert not Comment.objects.exists()


def test_sub_object_of_another_card_is_404(card, member, member_actor, shared_board):
    other = work_item_create(actor=member_actor, board=shared_board, title="Altra")
    item = checklist_item_add(actor=member_actor, work_item=other, text="Non qui")
    url = card_url("card-checklist-delete", card, item_id=item.pk)
    assert _client(member).post(url).status_code == 404
    assert ChecklistItem.objects.filter(pk=item.pk).exists()


# --- Create and edit -------------------------------------------------------------------------


def test_a_new_card_comes_with_its_checklist(shared_board, member):
    url = reverse("boards:card-create", args=[shared_board.organisation.slug, shared_board.pk])
    lane = shared_board.swimlanes.get()

    response = _client(member).post(
        url,
        {
            "title": "Richiesta di accesso agli atti",
            "column": shared_board.columns.first().pk,
            "swimlane": lane.pk,
            "class_of_service": "standard",
            "checklist": "Protocollare la richiesta\r\n\r\n  Verificare i controinteressati \r\n",
        },
    )

    card = WorkItem.objects.get(title="Richiesta di accesso agli atti")
    assert response.status_code == 302
    assert list(card.checklist.values_list("text", "is_done")) == [
        ("Protocollare la richiesta", False),
        ("Verificare i controinteressati", False),
    ]


def test_a_checklist_too_long_is_refused_and_the_form_keeps_what_was_written(shared_board, member):
    url = reverse("boards:card-create", args=[shared_board.organisation.slug, shared_board.pk])
    page = _client(member).post(
        url,
        {
            "title": "Tante voci",
            "column": shared_board.columns.first().pk,
            "swimlane": shared_board.swimlanes.get().pk,
            "class_of_service": "standard",
            "checklist": "\n".join(f"Voce {n}" for n in range(51)),
        },
    )

    assert page.status_code == 200
    message = _it("A checklist takes at most %(count)s items.") % {"count": 50}
    assert escape(message) in page.content.decode()
    assert "Tante voci" in page.content.decode()
    assert not WorkItem.objects.filter(title="Tante voci").exists()


def test_member_creates_a_card_with_every_field(shared_board, member, lead):
    label = Label.objects.create(
        organisation=shared_board.organisation, board=shared_board, name="Urgente"
    )
    column = shared_board.columns.get(name="In corso")
    lane = shared_board.swimlanes.get()
    url = reverse("boards:card-create", args=[shared_board.organisation.slug, shared_board.pk])
    client = _client(member)
    form_page = client.get(url).content.decode()
    assert "Marco Bertolini" in form_page
    response = client.post(
        url,
        {
            "title": "Bando asili",
            "description": "Testo\r\nsu due righe",
            "column": column.pk,
            "swimlane": lane.pk,
            "assignees": [lead.pk],
            "labels": [label.pk],
            "due_date": "2030-01-31",
            "estimate": "3",
            "class_of_service": "fixed_date",
        },
    )
    card = WorkItem.objects.get(title="Bando asili")
    assert response.status_code == 302
    assert response["Location"] == card_url("card-detail", card)
    assert card.column == column
    assert card.description == "Testo\nsu due righe"
    assert list(card.assignees.all()) == [lead]
    assert list(card.labels.all()) == [label]
    assert str(card.estimate) == "3.0"
    assert card.class_of_service == "fixed_date"


def test_create_without_title_shows_the_error_and_creates_nothing(shared_board, member):
    url = reverse("boards:card-create", args=[shared_board.organisation.slug, shared_board.pk])
    column = shared_board.columns.first()
    response = _client(member).post(
        url,
        {
            "title": "",
            "column": column.pk,
            "swimlane": shared_board.swimlanes.get().pk,
            "class_of_service": "standard",
        },
    )
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()
    assert not WorkItem.objects.exists()


def _edit_data(card: WorkItem, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "title": card.title,
        "description": card.description,
        "due_date": "",
        "estimate": "",
        "class_of_service": card.class_of_service,
        "base_title": card.title,
        "base_description": card.description,
        "base_due_date": "",
        "base_estimate": "",
        "base_class_of_service": card.class_of_service,
        "base_assignees": "",
        "base_labels": "",
    }
    data.update(changes)
    return data


def test_edit_form_carries_the_values_started_from(card, member):
    page = _client(member).get(card_url("card-edit", card)).content.decode()
    assert 'type="hidden" name="base_title" value="Rinnovo convenzione mensa"' in page


def test_member_edits_a_card(card, member):
    response = _client(member).post(
        card_url("card-edit", card), _edit_data(card, title="Rinnovo convenzione 2026")
    )
    card.refresh_from_db()
    assert response.status_code == 302
    assert card.title == "Rinnovo convenzione 2026"
    assert WorkItemEvent.objects.filter(work_item=card, kind=WorkItemEvent.Kind.EDITED).exists()


def test_edit_conflict_keeps_my_input_and_shows_the_current_card(card, member, lead, actor_of):
    # given: I opened the form; meanwhile my colleague renamed the card
    started_from = _edit_data(card, title="Il mio titolo", description="La mia descrizione")
    work_item_update(
        actor=actor_of(lead, card.organisation),
        work_item=card,
        data={"title": "Titolo del collega"},
    )
    # when
    response = _client(member).post(card_url("card-edit", card), started_from)
    # then
    page = response.content.decode()
    card.refresh_from_db()
    assert response.status_code == 200
    assert card.title == "Titolo del collega"
    assert 'id="edit-conflict"' in page
    assert 'value="Il mio titolo"' in page
    assert "La mia descrizione" in page
    assert "Titolo del collega" in page
    # the next save starts from what I have now seen
    assert 'name="base_title" value="Titolo del collega"' in page


def test_edit_of_a_field_nobody_else_touched_merges(card, member, lead, actor_of):
    started_from = _edit_data(card, description="Nuova descrizione")
    work_item_update(
        actor=actor_of(lead, card.organisation), work_item=card, data={"title": "Nuovo titolo"}
    )
    response = _client(member).post(card_url("card-edit", card), started_from)
    card.refresh_from_db()
    assert response.status_code == 302
    assert (card.title, card.description) == ("Nuovo titolo", "Nuova descrizione")


# --- Checklist, comments, block, archive, links ---------------------------------------------


def test_checklist_add_toggle_delete(card, member):
    client = _client(member)
    response = client.post(card_url("card-checklist-add", card), {"text": "Chiedere il CIG"})
    item = ChecklistItem.objects.get(work_item=card)
    assert response.status_code == 302
    assert response["Location"].endswith("#checklist")
    client.post(card_url("card-checklist-toggle", card, item_id=item.pk))
    item.refresh_from_db()
    assert item.is_done
    assert "Chiedere il CIG" in client.get(card_url("card-detail", card)).content.decode()
    client.post(card_url("card-checklist-delete", card, item_id=item.pk))
    assert not ChecklistItem.objects.filter(pk=item.pk).exists()


def test_comment_with_mention_notifies_only_the_mentioned_member(
    card, member, lead, outsider, guest
):
    # given: the lead is on the team, the outsider is not; I mention both and myself
    body = "Ciao @marco.bertolini e @luca.rossi, ci penso io @giulia.ferrari"
    # when
    response = _client(member).post(card_url("card-comment-add", card), {"body": body})
    # then
    comment = Comment.objects.get(work_item=card)
    assert response.status_code == 302
    assert response["Location"].endswith(f"#comment-{comment.pk}")
    notified = list(Notification.objects.values_list("recipient", flat=True))
    assert notified == [lead.pk]
    notification = Notification.objects.get()
    assert notification.url.endswith(f"#comment-{comment.pk}")
    page = _client(member).get(card_url("card-detail", card)).content.decode()
    assert f'id="comment-{comment.pk}"' in page


def test_authors_edit_their_own_comments_and_nobody_else_can(card, member, member_actor, lead):
    # given: my comment on the card
    comment = comment_create(actor=member_actor, work_item=card, body="Bozza")
    url = card_url("card-comment-edit", card, comment_id=comment.pk)
    # when: I correct it, and a colleague tries to change it too
    mine = _client(member).post(url, {"body": "Testo **corretto**"})
    theirs = _client(lead).post(url, {"body": "Non è mio"})
    # then: mine is saved and marked as edited; theirs is refused and changes nothing
    comment.refresh_from_db()
    assert mine.status_code == 302
    assert theirs.status_code == 403
    assert "Solo chi ha scritto il commento" in theirs.content.decode()
    assert comment.body == "Testo **corretto**"
    assert comment.edited_at is not None
    page = _client(member).get(card_url("card-detail", card)).content.decode()
    assert "<strong>corretto</strong>" in page
    assert "modificato" in page
    assert "Modifica il tuo commento" in page
    assert (
        "Modifica il tuo commento"
        not in _client(lead).get(card_url("card-detail", card)).content.decode()
    )


def test_empty_comment_is_refused_with_a_message(card, member):
    client = _client(member)
    response = client.post(card_url("card-comment-add", card), {"body": "   "}, follow=True)
    assert response.status_code == 200
    assert 'class="alert alert-danger"' in response.content.decode()
    assert not Comment.objects.exists()


def test_block_needs_a_reason_then_shows_the_banner(card, member):
    client = _client(member)
    refused = client.post(card_url("card-block", card), {"action": "block"}, follow=True)
    card.refresh_from_db()
    assert not card.is_blocked
    assert _it("Say why the card is blocked, so the team can help.") in refused.content.decode()
    client.post(card_url("card-block", card), {"action": "block", "reason": "Manca la firma"})
    page = client.get(card_url("card-detail", card)).content.decode()
    card.refresh_from_db()
    assert card.is_blocked
    assert 'id="blocked-banner"' in page
    assert "Manca la firma" in page
    client.post(card_url("card-block", card), {"action": "unblock"})
    card.refresh_from_db()
    assert not card.is_blocked


def test_archive_and_restore(card, member):
    client = _client(member)
    client.post(card_url("card-archive", card), {"action": "archive", "resolution": "wont_do"})
    card.refresh_from_db()
    assert card.archived_at is not None
    page = client.get(card_url("card-detail", card)).content.decode()
    assert card_url("card-edit", card) not in page
    client.post(card_url("card-archive", card), {"action": "restore"})
    card.refresh_from_db()
    assert card.archived_at is None


def test_link_by_number_shows_in_both_directions_and_can_be_removed(
    card, member, member_actor, shared_board
):
    other = work_item_create(actor=member_actor, board=shared_board, title="Delibera")
    client = _client(member)
    response = client.post(
        card_url("card-link-add", card), {"kind": "blocks", "reference": f"#{other.number}"}
    )
    assert response.status_code == 302
    link = WorkItemLink.objects.get()
    assert (link.source, link.target, link.kind) == (card, other, "blocks")
    other_page = client.get(card_url("card-detail", other)).content.decode()
    assert card_url("card-detail", card) in other_page
    assert _it("Blocked by") in other_page
    client.post(card_url("card-link-delete", other, link_id=link.pk))
    assert not WorkItemLink.objects.exists()


def test_link_to_a_card_i_cannot_see_is_refused(card, member, private_card):
    reference = f"{private_card.board_id}#{private_card.number}"
    response = _client(member).post(
        card_url("card-link-add", card), {"kind": "relates", "reference": reference}, follow=True
    )
    assert response.status_code == 200
    assert not WorkItemLink.objects.exists()
    assert "Variazione" not in response.content.decode()


def test_the_card_page_links_to_its_move_page(card, member):
    page = _client(member).get(card_url("card-detail", card)).content.decode()
    assert card_url("card-move", card) in page


# --- HTMX: the same forms, answered with the section they change -----------------------------

HTMX = {"HX-Request": "true"}


def test_htmx_checklist_add_answers_with_the_section_and_a_status(card, member):
    response = _client(member).post(
        card_url("card-checklist-add", card),
        {"text": "Chiedere il CIG"},
        headers={**HTMX, "HX-Target": "checklist"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in page
    assert page.count('id="checklist"') == 1
    assert "Chiedere il CIG" in page
    assert 'hx-swap-oob="true"' in page
    assert _it("Checklist item added.") in page
    assert "autofocus" in page


def test_htmx_comment_answers_with_the_comments(card, member):
    response = _client(member).post(
        card_url("card-comment-add", card),
        {"body": "Fatto"},
        headers={**HTMX, "HX-Target": "comments"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count('id="comments"') == 1
    assert 'id="comment-' in page


def test_htmx_refusal_reloads_the_page_with_the_message(card, member):
    response = _client(member).post(
        card_url("card-comment-add", card),
        {"body": ""},
        headers={**HTMX, "HX-Target": "comments"},
    )
    assert response.status_code == 200
    assert response["HX-Redirect"].endswith("#comments")
    assert not Comment.objects.exists()


def test_htmx_for_another_target_gets_the_usual_redirect(card, member):
    response = _client(member).post(
        card_url("card-checklist-add", card),
        {"text": "Uno"},
        headers={**HTMX, "HX-Target": "board"},
    )
    assert response.status_code == 302


# --- Every action on a thing of the card: read-only 403, another team's card 404 -------------


def _card_with_everything(actor: Actor, board: Board) -> tuple[WorkItem, dict[str, int]]:
    card = work_item_create(actor=actor, board=board, title="Con tutto")
    other = work_item_create(actor=actor, board=board, title="Collegata")
    item = checklist_item_add(actor=actor, work_item=card, text="Passo")
    link = work_item_link_create(actor=actor, source=card, target=other, kind="relates")
    attachment = Attachment.objects.create(
        organisation=card.organisation,
        work_item=card,
        file="attachments/none",
        original_name="nota.txt",
        content_type="text/plain",
        size=1,
    )
    return card, {"item_id": item.pk, "link_id": link.pk, "attachment_id": attachment.pk}


SUB_ACTIONS = [
    ("card-checklist-toggle", "item_id"),
    ("card-checklist-delete", "item_id"),
    ("card-attachment-delete", "attachment_id"),
    ("card-link-delete", "link_id"),
]


@pytest.mark.parametrize(("name", "kwarg"), SUB_ACTIONS)
def test_read_only_viewer_gets_403_on_the_card_s_things(
    shared_board, member_actor, outsider, name, kwarg
):
    card, ids = _card_with_everything(member_actor, shared_board)
    response = _client(outsider).post(card_url(name, card, **{kwarg: ids[kwarg]}))
    assert response.status_code == 403
    assert "in sola lettura" in response.content.decode()
    assert ChecklistItem.objects.filter(pk=ids["item_id"], is_done=False).exists()
    assert WorkItemLink.objects.filter(pk=ids["link_id"]).exists()
    assert Attachment.objects.filter(pk=ids["attachment_id"]).exists()


@pytest.mark.parametrize(
    ("name", "kwarg"), [*SUB_ACTIONS, ("attachment-download", "attachment_id")]
)
def test_things_of_another_team_s_card_are_404(
    organisation, make_employee, actor_of, member, name, kwarg
):
    other_team = TeamFactory(organisation=organisation, name="Tributi")
    owner = make_employee()
    TeamMembershipFactory(team=other_team, user=owner)
    board = make_board(team=other_team, name="Tributi")
    card, ids = _card_with_everything(actor_of(owner, organisation), board)
    url = card_url(name, card, **{kwarg: ids[kwarg]})
    client = _client(member)
    response = client.get(url) if name == "attachment-download" else client.post(url)
    assert response.status_code == 404
