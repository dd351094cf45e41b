"""@mentions, assignments and due dates that reach people by e-mail; the comment box's
suggestions; mentions highlighted in comments."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from officina.boards.models import Board, WorkItem
from officina.boards.services.cards import work_item_create
from officina.boards.services.comments import comment_create, comment_update
from officina.boards.services.reminders import due_reminders_create
from officina.boards.tests.factories import make_board
from officina.notifications.emails import notification_emails_send
from officina.notifications.models import Delivery, Notification, NotificationPreference
from officina.organisations.models import TeamMembership
from officina.organisations.tests.factories import (
    EmploymentFactory,
    EnteFactory,
    OrganisationFactory,
    TeamMembershipFactory,
)

pytestmark = pytest.mark.django_db
Kind = Notification.Kind


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _suggest_url(board: Board, query: str) -> str:
    url = reverse(
        "boards:board-mention-suggestions",
        kwargs={"org_slug": board.organisation.slug, "board_id": board.pk},
    )
    return f"{url}?q={query}"


@pytest.fixture
def card(board, member_actor) -> WorkItem:
    return work_item_create(actor=member_actor, board=board, title="Graduatoria nidi")


@pytest.fixture
def lead_actor(lead, organisation, actor_of):
    return actor_of(lead, organisation)


# --- Suggestions for the comment box -----------------------------------------------------------


def test_suggestions_list_board_people_by_the_start_of_their_names(board, member, lead, outsider):
    client = _client(lead)
    found = client.get(_suggest_url(board, "gi")).json()["results"]
    assert found == [{"handle": "giulia.ferrari", "name": "Giulia Ferrari"}]
    assert client.get(_suggest_url(board, "ferr")).json()["results"] == found
    assert client.get(_suggest_url(board, "@giulia.f")).json()["results"] == found
    assert client.get(_suggest_url(board, "luca")).json()["results"] == [], "not on the board"


def test_suggestions_ignore_accents_both_ways(board, lead, team, make_employee):
    niccolo = make_employee(first_name="Niccolò", last_name="Pellé")
    TeamMembershipFactory(team=team, user=niccolo, role=TeamMembership.Role.MEMBER)
    client = _client(lead)
    expected = [{"handle": "niccolo.pelle", "name": "Niccolò Pellé"}]
    assert client.get(_suggest_url(board, "nicco")).json()["results"] == expected
    assert client.get(_suggest_url(board, "pellé")).json()["results"] == expected


def test_suggestions_are_404_to_who_cannot_see_the_board(team, member, outsider):
    shared = make_board(team=team, visibility=Board.Visibility.ORGANISATION)
    team_only = make_board(team=team, name="Solo team")
    assert _client(member).get(_suggest_url(team_only, "gi")).status_code == 200
    assert _client(outsider).get(_suggest_url(team_only, "gi")).status_code == 404
    shown = _client(outsider).get(_suggest_url(shared, "gi")).json()["results"]
    assert shown == [{"handle": "giulia.ferrari", "name": "Giulia Ferrari"}], "who sees, reads"
    assert "luca" not in str(_client(member).get(_suggest_url(shared, "lu")).json())


def test_suggestions_are_404_across_organisations(board, member):
    elsewhere = OrganisationFactory(slug="altra-unione")
    stranger = EmploymentFactory(
        ente=EnteFactory(organisation=elsewhere), organisation=elsewhere
    ).user
    assert _client(stranger).get(_suggest_url(board, "gi")).status_code == 404
    url = reverse(
        "boards:board-mention-suggestions",
        kwargs={"org_slug": elsewhere.slug, "board_id": board.pk},
    )
    assert _client(stranger).get(f"{url}?q=gi").status_code == 404


def test_suggestions_query_count_does_not_grow_with_the_team(
    board, team, lead, member, make_employee, session_queries
):
    client = _client(lead)
    client.get(_suggest_url(board, "a"))  # the first request after sign-in saves more

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(_suggest_url(board, "a")).status_code == 200
        return len(queries)

    one = count()
    for index in range(6):
        person = make_employee(first_name=f"Anna{index}", last_name="Neri")
        TeamMembershipFactory(team=team, user=person, role=TeamMembership.Role.MEMBER)
    client.get(_suggest_url(board, "a"))  # the access cache is rebuilt after the team changed
    # user, access generation, board with access, the board's people
    assert one == count() == 4 + session_queries
    assert len(client.get(_suggest_url(board, "a")).json()["results"]) == 6


def test_the_comment_box_offers_the_suggestions(card, member):
    url = reverse(
        "boards:card-detail",
        kwargs={"org_slug": card.board.organisation.slug, "board_id": card.board_id, "number": 1},
    )
    page = _client(member).get(url).content.decode()
    assert f'data-mention-url="{_suggest_url(card.board, "")[:-3]}"' in page
    assert "boards/mentions.js" in page


# --- Highlight -----------------------------------------------------------------------------------


def test_a_mention_of_a_board_member_is_highlighted(card, member_actor, lead):
    comment = comment_create(
        actor=member_actor,
        work_item=card,
        body="Ciao @marco.bertolini, e @nessuno; vedi `@marco.bertolini`",
    )
    assert '<strong class="mention">@marco.bertolini</strong>, e @nessuno' in comment.body_html
    assert "<code>@marco.bertolini</code>" in comment.body_html


def test_the_highlight_keeps_the_comment_escaped(card, member_actor, lead):
    body = (
        '<abbr title="x>@marco.bertolini onmouseover=alert(1) y">z</abbr> '
        "<script>alert(1)</script> <b onclick=x>@marco.bertolini</b> "
        '<strong class="mention evil" style="x">finto</strong>'
    )
    comment = comment_create(actor=member_actor, work_item=card, body=body)
    html = comment.body_html
    assert "<script" not in html
    assert "onmouseover" not in html.replace("onmouseover=alert", "")
    assert "<abbr" in html
    assert 'title="x&gt;@marco.bertolini onmouseover=alert(1) y"' in html
    assert "onclick" not in html
    assert "style=" not in html
    assert "evil" not in html
    assert html.count('class="mention"') == 2


def test_an_edited_comment_is_highlighted_too(card, member_actor, lead):
    comment = comment_create(actor=member_actor, work_item=card, body="Bozza")
    comment = comment_update(actor=member_actor, comment=comment, body="Per @marco.bertolini")
    assert '<strong class="mention">@marco.bertolini</strong>' in comment.body_html


# --- E-mails -------------------------------------------------------------------------------------


def test_a_mention_reaches_the_person_by_email_at_once(
    card, member_actor, lead, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        comment_create(actor=member_actor, work_item=card, body="@marco.bertolini guarda qui")
    (message,) = mail.outbox
    assert message.to == [lead.email]
    assert "#1 Graduatoria nidi" in message.subject
    path = f"/o/{card.board.organisation.slug}/boards/{card.board_id}/cards/1/#comment-"
    assert f"http://localhost:8000{path}" in message.body
    assert Notification.objects.get(recipient=lead).emailed_at is not None


def test_an_assignment_notifies_and_emails_the_assignee_not_oneself(
    board, lead_actor, member, lead, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        work_item_create(
            actor=lead_actor, board=board, title="Bando mense", assignee_ids=[member.pk, lead.pk]
        )
    notification = Notification.objects.get(kind=Kind.ASSIGNED)
    assert notification.recipient == member
    assert "#1 Bando mense" in notification.title
    assert [message.to for message in mail.outbox] == [[member.email]]


def test_no_email_about_a_card_the_person_can_no_longer_see(
    card, member_actor, lead, team, django_capture_on_commit_callbacks
):
    comment_create(actor=member_actor, work_item=card, body="@marco.bertolini guarda qui")
    TeamMembership.objects.filter(team=team, user=lead).delete()
    notification = Notification.objects.get(recipient=lead)
    assert notification_emails_send(notification_ids=[notification.pk])[0] == 0
    assert mail.outbox == []


# --- Due tomorrow, overdue -----------------------------------------------------------------------


@pytest.fixture
def today() -> date:
    return timezone.localdate()


def _assigned_card(actor, board, assignee, title, due: date | None, **fields) -> WorkItem:
    card = work_item_create(
        actor=actor, board=board, title=title, due_date=due, assignee_ids=[assignee.pk]
    )
    if fields:
        WorkItem.objects.filter(pk=card.pk).update(**fields)
    return card


def test_due_tomorrow_and_overdue_remind_the_assignees_once_a_day(board, lead_actor, member, today):
    _assigned_card(lead_actor, board, member, "Domani", today + timedelta(days=1))
    _assigned_card(lead_actor, board, member, "Ieri", today - timedelta(days=1))
    _assigned_card(lead_actor, board, member, "Fra una settimana", today + timedelta(days=7))
    _assigned_card(lead_actor, board, member, "Senza data", None)
    done = board.columns.get(position=2)
    yesterday, now = today - timedelta(days=1), timezone.now()
    _assigned_card(lead_actor, board, member, "Fatta", yesterday, column=done, finished_at=now)
    _assigned_card(lead_actor, board, member, "Archiviata", yesterday, archived_at=now)
    Notification.objects.filter(kind=Kind.ASSIGNED).delete()

    assert due_reminders_create(today=today) == 2
    reminders = {n.kind: n for n in Notification.objects.filter(recipient=member)}
    assert set(reminders) == {Kind.DUE_SOON, Kind.OVERDUE}
    assert "Domani" in reminders[Kind.DUE_SOON].title
    assert "Ieri" in reminders[Kind.OVERDUE].title
    assert reminders[Kind.OVERDUE].url.endswith(f"/boards/{board.pk}/cards/2/")

    assert due_reminders_create(today=today) == 0, "never twice the same day"
    assert due_reminders_create(today=today + timedelta(days=1)) == 1, "overdue: again tomorrow"


def test_no_reminder_about_a_card_the_assignee_can_no_longer_see(
    board, lead_actor, member, team, today
):
    _assigned_card(lead_actor, board, member, "Domani", today + timedelta(days=1))
    TeamMembership.objects.filter(team=team, user=member).delete()
    assert due_reminders_create(today=today) == 0


def test_reminders_are_emailed_as_each_person_chose(
    board, lead_actor, member, lead, today, django_capture_on_commit_callbacks
):
    NotificationPreference.objects.create(user=member, due_soon=Delivery.IMMEDIATE, language="en")
    _assigned_card(lead_actor, board, member, "Domani", today + timedelta(days=1))
    _assigned_card(lead_actor, board, lead, "Anche domani", today + timedelta(days=1))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        due_reminders_create(today=today)
    (message,) = mail.outbox  # the lead's waits for the digest (the default)
    assert message.to == [member.email]
    assert message.subject == "[Officina] #1 Domani is due tomorrow"
