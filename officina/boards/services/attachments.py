"""Files on cards. Size and type are checked before anything reaches the storage."""

from pathlib import PurePath

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from officina.boards.exceptions import BoardRuleError
from officina.boards.models import Attachment, WorkItem, WorkItemEvent
from officina.boards.permissions import require_edit_cards
from officina.boards.selectors import board_access_for_actor
from officina.boards.services.cards import work_item_touch
from officina.boards.services.locking import lock_board
from officina.organisations.actor import Actor

# Extension → (content type served back, how the file must begin). Office files are ZIP
# containers; plain text must decode as UTF-8. Anything else (executables, HTML, SVG with
# scripts) is refused.
ZIP = (b"PK\x03\x04",)
ALLOWED_TYPES: dict[str, tuple[str, tuple[bytes, ...] | None]] = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".gif": ("image/gif", (b"GIF87a", b"GIF89a")),
    ".webp": ("image/webp", (b"RIFF",)),
    ".odt": ("application/vnd.oasis.opendocument.text", ZIP),
    ".ods": ("application/vnd.oasis.opendocument.spreadsheet", ZIP),
    ".odp": ("application/vnd.oasis.opendocument.presentation", ZIP),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ZIP),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ZIP),
    ".pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", ZIP),
    ".zip": ("application/zip", ZIP),
    ".txt": ("text/plain", None),
    ".csv": ("text/csv", None),
    ".p7m": ("application/pkcs7-mime", None),
    ".eml": ("message/rfc822", None),
}


def attachment_max_bytes() -> int:
    return int(getattr(settings, "OFFICINA_ATTACHMENT_MAX_BYTES", 20 * 1024 * 1024))


def _checked_content_type(upload: UploadedFile) -> str:
    """The content type to serve the file with, or BoardRuleError when size or type is wrong."""
    limit = attachment_max_bytes()
    if upload.size is None or upload.size > limit:
        raise BoardRuleError(
            _("The file is too large: the limit is %(limit)s.") % {"limit": filesizeformat(limit)}
        )
    if upload.size == 0:
        raise BoardRuleError(_("The file is empty."))
    suffix = PurePath(upload.name or "").suffix.lower()
    allowed = ALLOWED_TYPES.get(suffix)
    if allowed is None:
        raise BoardRuleError(
            _("Files of this type cannot be attached. Allowed: %(types)s.")
            % {"types": ", ".join(sorted(ALLOWED_TYPES))}
        )
    content_type, signatures = allowed
    upload.seek(0)
    head = upload.read(2048)
    upload.seek(0)
    if signatures is None:
        try:
            head.decode("utf-8")
        except UnicodeDecodeError:
            # A multi-byte character cut at 2048 bytes is fine; anything else is binary.
            try:
                head[:-3].decode("utf-8")
            except UnicodeDecodeError:
                raise BoardRuleError(
                    _("The file's content does not match its %(type)s extension.")
                    % {"type": suffix}
                ) from None
    elif not head.startswith(signatures):
        raise BoardRuleError(
            _("The file's content does not match its %(type)s extension.") % {"type": suffix}
        )
    return content_type


@transaction.atomic
def attachment_add(*, actor: Actor, work_item: WorkItem, upload: UploadedFile) -> Attachment:
    require_edit_cards(board_access_for_actor(actor=actor, board=work_item.board))
    if work_item.archived_at is not None:
        raise BoardRuleError(_("An archived card cannot be edited: restore it first."))
    content_type = _checked_content_type(upload)
    locked = lock_board(work_item.board_id)
    original_name = PurePath(upload.name or "file").name[:200]
    attachment = Attachment(
        organisation_id=work_item.organisation_id,
        work_item=work_item,
        original_name=original_name,
        content_type=content_type,
        size=upload.size or 0,
        uploaded_by=actor.user,
    )
    attachment.file.save(original_name, upload, save=False)
    try:
        attachment.save()
    except Exception:
        attachment.file.delete(save=False)
        raise
    WorkItemEvent(
        organisation_id=work_item.organisation_id,
        board_id=work_item.board_id,
        work_item=work_item,
        kind=WorkItemEvent.Kind.ATTACHED,
        actor=actor.user,
        occurred_at=timezone.now(),
        data={"name": original_name, "size": attachment.size},
    ).save()
    work_item_touch(locked_board=locked, work_item=work_item)
    return attachment


@transaction.atomic
def attachment_delete(*, actor: Actor, attachment: Attachment) -> None:
    work_item = attachment.work_item
    require_edit_cards(board_access_for_actor(actor=actor, board=work_item.board))
    locked = lock_board(work_item.board_id)
    stored = attachment.file.name
    storage = attachment.file.storage
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(stored))
    work_item_touch(locked_board=locked, work_item=work_item)
