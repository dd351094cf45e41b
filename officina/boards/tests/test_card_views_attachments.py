"""Files on a card: upload within the limits, refusal before anything is stored, permission-checked
download that never renders in the browser."""

from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from officina.accounts.models import User
from officina.boards.models import Attachment, Board, WorkItem
from officina.boards.services.cards import work_item_create
from officina.boards.tests.factories import make_board
from officina.organisations.actor import Actor
from officina.organisations.models import Organisation, Team
from officina.organisations.tests.factories import TeamFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def storage_dir(settings, tmp_path: Path) -> Path:
    """Each test stores files in a directory of its own, so "nothing stored" is checkable."""
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


def _stored_files(location: Path) -> list[Path]:
    return [path for path in location.rglob("*") if path.is_file()]


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _url(name: str, card: WorkItem, **kwargs: int) -> str:
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
def card(team: Team, member_actor: Actor) -> WorkItem:
    board = make_board(team=team, visibility=Board.Visibility.ORGANISATION)
    return work_item_create(actor=member_actor, board=board, title="Verbale")


def test_upload_then_download_as_attachment_with_nosniff(card, member, storage_dir):
    client = _client(member)
    upload = SimpleUploadedFile("verbale.pdf", PDF, content_type="application/pdf")
    response = client.post(_url("card-attachment-add", card), {"file": upload})
    attachment = Attachment.objects.get()
    assert response.status_code == 302
    assert len(_stored_files(storage_dir)) == 1
    page = client.get(_url("card-detail", card)).content.decode()
    download_url = _url("attachment-download", card, attachment_id=attachment.pk)
    assert download_url in page
    assert "verbale.pdf" in page
    download = client.get(download_url)
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment;")
    assert "verbale.pdf" in download["Content-Disposition"]
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content) == PDF  # type: ignore[attr-defined]


def test_upload_form_states_the_limits(card, member, settings):
    settings.OFFICINA_ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024
    page = _client(member).get(_url("card-detail", card)).content.decode()
    assert "5,0" in page or "5.0" in page
    assert ".pdf" in page
    assert ".odt" in page


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("programma.exe", b"MZ\x90\x00\x03\x00\x00\x00"),
        ("pagina.html", b"<html><script>alert(1)</script></html>"),
        ("disegno.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>'),
        ("finto.pdf", b"<html><body><script>alert(1)</script></body></html>"),
    ],
)
def test_forbidden_type_is_refused_in_italian_and_nothing_is_stored(
    card, member, storage_dir, name, content
):
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    response = _client(member).post(
        _url("card-attachment-add", card), {"file": upload}, follow=True
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'class="alert alert-danger"' in page
    with translation.override("it"):
        expected = (
            gettext("The file's content does not match its %(type)s extension.") % {"type": ".pdf"}
            if name == "finto.pdf"
            else gettext("Files of this type cannot be attached. Allowed: %(types)s.").split(":")[0]
        )
    assert escape(expected) in page
    assert not Attachment.objects.exists()
    assert _stored_files(storage_dir) == []


def test_too_large_file_is_refused_and_nothing_is_stored(card, member, storage_dir, settings):
    settings.OFFICINA_ATTACHMENT_MAX_BYTES = 1024
    upload = SimpleUploadedFile("grande.pdf", PDF + b"0" * 2048, content_type="application/pdf")
    response = _client(member).post(
        _url("card-attachment-add", card), {"file": upload}, follow=True
    )
    page = response.content.decode()
    with translation.override("it"):
        expected = gettext("The file is too large: the limit is %(limit)s.").split(":")[0]
    assert expected in page
    assert not Attachment.objects.exists()
    assert _stored_files(storage_dir) == []


def test_read_only_viewer_downloads_but_cannot_upload(card, member, outsider, storage_dir):
    _client(member).post(
        _url("card-attachment-add", card),
        {"file": SimpleUploadedFile("nota.txt", b"ciao\n", content_type="text/plain")},
    )
    attachment = Attachment.objects.get()
    viewer = _client(outsider)
    assert (
        viewer.get(_url("attachment-download", card, attachment_id=attachment.pk)).status_code
        == 200
    )
    refused = viewer.post(
        _url("card-attachment-add", card),
        {"file": SimpleUploadedFile("altro.txt", b"x\n", content_type="text/plain")},
    )
    assert refused.status_code == 403
    assert "in sola lettura" in refused.content.decode()
    assert (
        viewer.post(_url("card-attachment-delete", card, attachment_id=attachment.pk)).status_code
        == 403
    )
    assert Attachment.objects.count() == 1


def test_download_by_someone_who_cannot_see_the_board_is_404(
    organisation: Organisation,
    make_employee: Callable[..., User],
    member,
    member_actor,
    team,
    storage_dir,
):
    # given: a file on the team's private board
    board = make_board(team=team, name="Privata")
    card = work_item_create(actor=member_actor, board=board, title="Riservata")
    _client(member).post(
        _url("card-attachment-add", card),
        {"file": SimpleUploadedFile("nota.txt", b"riservato\n", content_type="text/plain")},
    )
    attachment = Attachment.objects.get()
    stranger = make_employee(first_name="Estra", last_name="Nea")
    TeamFactory(organisation=organisation)
    # when / then
    response = _client(stranger).get(_url("attachment-download", card, attachment_id=attachment.pk))
    assert response.status_code == 404


def test_attachment_of_another_card_is_404(card, member, member_actor, storage_dir):
    other = work_item_create(actor=member_actor, board=card.board, title="Altra")
    _client(member).post(
        _url("card-attachment-add", other),
        {"file": SimpleUploadedFile("nota.txt", b"altra\n", content_type="text/plain")},
    )
    attachment = Attachment.objects.get()
    response = _client(member).get(_url("attachment-download", card, attachment_id=attachment.pk))
    assert response.status_code == 404


def test_delete_removes_the_file_from_storage(
    card, member, storage_dir, django_capture_on_commit_callbacks
):
    client = _client(member)
    client.post(
        _url("card-attachment-add", card),
        {"file": SimpleUploadedFile("nota.txt", b"ciao\n", content_type="text/plain")},
    )
    attachment = Attachment.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_url("card-attachment-delete", card, attachment_id=attachment.pk))
    assert not Attachment.objects.exists()
    assert _stored_files(storage_dir) == []
