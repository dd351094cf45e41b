"""Files on cards. Size and type are checked (`common.uploads`) before anything reaches the
storage; a file is deleted from the storage only once its removal has committed."""

from datetime import datetime

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from officina.boards import history
from officina.boards.exceptions import BoardRuleError
from officina.boards.models import Attachment, WorkItem
from officina.boards.permissions import require_edit_cards
from officina.boards.selectors.boards import board_access_for_actor
from officina.boards.services.cards import work_item_touch
from officina.boards.services.locking import lock_board
from officina.common.uploads import checked_content_type, clean_file_name
from officina.organisations.actor import Actor


def attachment_max_bytes() -> int:
    return int(getattr(settings, "OFFICINA_ATTACHMENT_MAX_BYTES", 20 * 1024 * 1024))


@transaction.atomic
def attachment_add(
    *, actor: Actor, work_item: WorkItem, upload: UploadedFile, at: datetime | None = None
) -> Attachment:
    require_edit_cards(board_access_for_actor(actor=actor, board_id=work_item.board_id))
    if work_item.archived_at is not None:
        raise BoardRuleError(_("An archived card cannot be edited: restore it first."))
    content_type = checked_content_type(upload, max_bytes=attachment_max_bytes())
    locked = lock_board(work_item.board_id)
    at = at or timezone.now()
    original_name = clean_file_name(upload.name)
    attachment = Attachment(
        organisation_id=work_item.organisation_id,
        work_item=work_item,
        original_name=original_name,
        content_type=content_type,
        size=upload.size or 0,
        uploaded_by=actor.user,
        created_at=at,
    )
    attachment.file.save(original_name, upload, save=False)
    try:
        attachment.save()
    except Exception:
        attachment.file.delete(save=False)
        raise
    history.record(
        history.attached(
            work_item,
            by=actor.user,
            at=at,
            attachment_id=attachment.pk,
            name=original_name,
            size=attachment.size,
        )
    )
    work_item_touch(locked_board=locked, work_item=work_item)
    return attachment


@transaction.atomic
def attachment_delete(*, actor: Actor, attachment: Attachment, at: datetime | None = None) -> None:
    work_item = attachment.work_item
    require_edit_cards(board_access_for_actor(actor=actor, board_id=work_item.board_id))
    locked = lock_board(work_item.board_id)
    stored = attachment.file.name
    storage = attachment.file.storage
    history.record(
        history.detached(
            work_item,
            by=actor.user,
            at=at or timezone.now(),
            attachment_id=attachment.pk,
            name=attachment.original_name,
            size=attachment.size,
        )
    )
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(stored))
    work_item_touch(locked_board=locked, work_item=work_item)
