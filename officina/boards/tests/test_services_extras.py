"""Services behind the card page: checklist, comments and mentions, attachments, links, block,
archive, and edits that never silently overwrite someone else's change."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from officina.boards.exceptions import BoardRuleError, EditConflictError
from officina.boards.models import BlockedInterval, Board, WorkItem, WorkItemEvent
from officina.boards.services.attachments import attachment_add
from officina.boards.services.cards import (
    work_item_create,
    work_item_set_archived,
    work_item_set_blocked,
    work_item_update,
)
from officina.boards.services.checklist import checklist_item_add, checklist_item_set_done
from officina.boards.services.comments import comment_create, mention_handle
from officina.boards.services.links import work_item_link_create
from officina.boards.tests.factories import make_board, open_positions
from officina.common.exceptions import NotFound, PermissionDeniedError
from officina.common.uploads import UploadRefusedError
from officina.notifications.models import Notification
from officina.organisations.tests.factories import TeamFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def storage_dir(settings, tmp_path: Path) -> Path:
    location = tmp_path / "media"
    location.mkdir()
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(location)},
        },
    }
    return location


@pytest.fixture
def card(board: Board, member_actor) -> WorkItem:
    return work_item_create(actor=member_actor, board=board, title="Pratica SUAP")


# --- Checklist ---


def test_checklist_item_needs_text_and_bumps_the_card(card, member_actor):
    with pytest.raises(BoardRuleError):
        checklist_item_add(actor=member_actor, work_item=card, text="  ")
    item = checklist_item_add(actor=member_actor, work_item=card, text="Verificare DURC")
    checklist_item_set_done(actor=member_actor, item=item, done=True)
    card.refresh_from_db()
    item.refresh_from_db()
    assert item.is_done
    assert card.version == 3


def test_read_only_viewer_cannot_add_to_the_checklist(team, member_actor, outsider, actor_of):
    board = make_board(team=team, name="Aperta", visibility=Board.Visibility.ORGANISATION)
    card = work_item_create(actor=member_actor, board=board, title="Aperta")
    card = WorkItem.objects.get(pk=card.pk)
    with pytest.raises(PermissionDeniedError):
        checklist_item_add(actor=actor_of(outsider, board.organisation), work_item=card, text="x")


# --- Comments and mentions ---


def test_mention_handle_drops_accents_and_spaces(make_employee):
    person = make_employee(first_name="Niccolò", last_name="De Santis")
    assert mention_handle(person) == "niccolo.desantis"


def test_mention_notifies_the_member_only_once_and_never_self_or_strangers(
    card, member_actor, lead, outsider, guest
):
    comment = comment_create(
        actor=member_actor,
        work_item=card,
        body="@marco.bertolini @marco.bertolini @giulia.ferrari @luca.rossi @fornitore.esterno",
    )
    notifications = list(Notification.objects.all())
    assert [n.recipient for n in notifications] == [lead]
    assert notifications[0].url.endswith(f"#comment-{comment.pk}")
    assert "Giulia Ferrari" in notifications[0].title
    assert set(comment.mentions.all()) == {
        lead,
        card.board.team.memberships.get(user__first_name="Giulia").user,
    }


def test_a_mention_by_someone_without_a_name_says_their_address(card, member_actor, lead):
    member_actor.user.first_name = member_actor.user.last_name = ""
    member_actor.user.save()

    comment_create(actor=member_actor, work_item=card, body="@marco.bertolini guarda qui")

    title = Notification.objects.get(recipient=lead).title
    assert title.startswith(f"{member_actor.user.email} ")


def test_invited_guest_can_be_mentioned(card, member_actor, guest):
    card.board.guests.add(guest)
    comment_create(actor=member_actor, work_item=card, body="Grazie @fornitore.esterno")
    assert list(Notification.objects.values_list("recipient", flat=True)) == [guest.pk]


def test_comment_is_recorded_in_the_history(card, member_actor):
    comment = comment_create(actor=member_actor, work_item=card, body="Fatto il sopralluogo")
    event = WorkItemEvent.objects.get(work_item=card, kind=WorkItemEvent.Kind.COMMENTED)
    assert event.data == {"comment": comment.pk}


# --- Attachments ---


def _stored(location: Path) -> list[Path]:
    return [path for path in location.rglob("*") if path.is_file()]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("virus.exe", b"MZ\x90\x00"),
        ("pagina.html", b"<html></html>"),
        ("logo.svg", b"<svg onload=alert(1)>"),
        ("finto.pdf", b"<html><script>alert(1)</script>"),
        ("finto.png", b"GIF89a...."),
        ("binario.txt", b"\xff\xfe\x00\x00\x81\x82" * 10),
        ("vuoto.pdf", b""),
    ],
)
def test_refused_files_never_reach_the_storage(card, member_actor, storage_dir, name, content):
    with pytest.raises(UploadRefusedError, match="tipo|contenuto|vuoto"):
        attachment_add(actor=member_actor, work_item=card, upload=SimpleUploadedFile(name, content))
    assert _stored(storage_dir) == []


def test_too_large_file_never_reaches_the_storage(card, member_actor, storage_dir, settings):
    settings.OFFICINA_ATTACHMENT_MAX_BYTES = 10
    with pytest.raises(UploadRefusedError, match="troppo grande: il limite è 10"):
        attachment_add(
            actor=member_actor,
            work_item=card,
            upload=SimpleUploadedFile("lungo.txt", b"testo lungo oltre il limite"),
        )
    assert _stored(storage_dir) == []


def test_accepted_file_is_stored_under_a_random_name_of_the_organisation(
    card, member_actor, storage_dir
):
    attachment = attachment_add(
        actor=member_actor,
        work_item=card,
        upload=SimpleUploadedFile("../../etc/passwd.txt", b"innocuo\n"),
    )
    assert attachment.original_name == "passwd.txt"
    assert attachment.content_type == "text/plain"
    assert attachment.file.name.startswith(f"attachments/{card.organisation_id}/")
    assert "passwd" not in attachment.file.name
    assert len(_stored(storage_dir)) == 1


# --- Links ---


def test_links_refuse_self_duplicates_and_invisible_cards(
    card, board, member_actor, organisation, make_employee, actor_of
):
    other = work_item_create(actor=member_actor, board=board, title="Altra")
    with pytest.raises(BoardRuleError):
        work_item_link_create(actor=member_actor, source=card, target=card, kind="blocks")
    work_item_link_create(actor=member_actor, source=card, target=other, kind="blocks")
    with pytest.raises(BoardRuleError):
        work_item_link_create(actor=member_actor, source=card, target=other, kind="blocks")
    hidden_team = TeamFactory(organisation=organisation)
    owner = make_employee()
    hidden_team.memberships.create(organisation=organisation, user=owner, role="member")
    hidden_board = make_board(team=hidden_team, name="Nascosta")
    hidden = work_item_create(
        actor=actor_of(owner, organisation), board=hidden_board, title="Segreta"
    )
    hidden = WorkItem.objects.get(pk=hidden.pk)  # not carrying the owner's access
    with pytest.raises(NotFound):
        work_item_link_create(actor=member_actor, source=card, target=hidden, kind="relates")
    assert WorkItemEvent.objects.filter(kind=WorkItemEvent.Kind.LINKED).count() == 1


# --- Block and archive ---


def test_block_needs_a_reason_and_records_the_interval(card, member_actor):
    with pytest.raises(BoardRuleError):
        work_item_set_blocked(actor=member_actor, work_item=card, blocked=True, reason=" ")
    work_item_set_blocked(actor=member_actor, work_item=card, blocked=True, reason="Attesa ASL")
    work_item_set_blocked(actor=member_actor, work_item=card, blocked=False)
    interval = BlockedInterval.objects.get(work_item=card)
    assert interval.reason == "Attesa ASL"
    assert interval.ended_at is not None
    kinds = list(WorkItemEvent.objects.filter(work_item=card).values_list("kind", flat=True))
    assert kinds[-2:] == [WorkItemEvent.Kind.BLOCKED, WorkItemEvent.Kind.UNBLOCKED]


def test_archive_closes_the_gap_and_restore_goes_to_the_bottom(board, member_actor):
    first, second, third = (
        work_item_create(actor=member_actor, board=board, title=title)
        for title in ("Uno", "Due", "Tre")
    )
    work_item_set_archived(actor=member_actor, work_item=first, archived=True, resolution="wont_do")
    assert open_positions(board=board) == [("Due", 0), ("Tre", 1)]
    with pytest.raises(BoardRuleError):
        work_item_update(actor=member_actor, work_item=first, data={"title": "Nuovo"})
    work_item_set_archived(actor=member_actor, work_item=first, archived=False)
    assert open_positions(board=board) == [("Due", 0), ("Tre", 1), ("Uno", 2)]


# --- Edit conflicts (three-way merge) ---


def test_same_field_changed_by_two_people_is_a_conflict(card, member_actor, lead, actor_of):
    work_item_update(
        actor=actor_of(lead, card.organisation), work_item=card, data={"title": "Di Marco"}
    )
    with pytest.raises(EditConflictError) as conflict:
        work_item_update(
            actor=member_actor,
            work_item=card,
            data={"title": "Di Giulia"},
            base={"title": "Pratica SUAP"},
        )
    current = conflict.value.current
    assert isinstance(current, WorkItem)
    assert current.title == "Di Marco"
    card.refresh_from_db()
    assert card.title == "Di Marco"


def test_different_fields_merge(card, member_actor, lead, actor_of):
    work_item_update(
        actor=actor_of(lead, card.organisation), work_item=card, data={"title": "Di Marco"}
    )
    work_item_update(
        actor=member_actor,
        work_item=card,
        data={"title": "Pratica SUAP", "description": "Aggiunta"},
        base={"title": "Pratica SUAP", "description": ""},
    )
    card.refresh_from_db()
    assert (card.title, card.description) == ("Di Marco", "Aggiunta")


def test_both_making_the_same_change_is_not_a_conflict(card, member_actor, lead, actor_of):
    work_item_update(
        actor=actor_of(lead, card.organisation), work_item=card, data={"title": "Uguale"}
    )
    work_item_update(
        actor=member_actor, work_item=card, data={"title": "Uguale"}, base={"title": "Pratica SUAP"}
    )
    card.refresh_from_db()
    assert card.title == "Uguale"


def test_stale_version_without_base_is_a_conflict(card, member_actor, lead, actor_of):
    work_item_update(
        actor=actor_of(lead, card.organisation), work_item=card, data={"title": "Prima"}
    )
    with pytest.raises(EditConflictError):
        work_item_update(
            actor=member_actor, work_item=card, data={"title": "Dopo"}, expected_version=1
        )
