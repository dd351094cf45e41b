"""Checks every uploaded file passes before it reaches the storage, and the keys it is kept under.

A file is accepted by its extension and only if its first bytes match that extension (office
files are ZIP containers; plain text must decode as UTF-8), so an executable, an HTML page or an
SVG with scripts renamed `.pdf` is refused. Stored files get a random key under their
organisation: the name a person gave is kept in the database, never trusted as a path.
"""

import uuid
from pathlib import PurePath

from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from officina.common.exceptions import DomainError

ZIP = (b"PK\x03\x04",)
# Extension → (content type served back, how the file must begin; None: UTF-8 text).
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
_HEAD_BYTES = 2048


class UploadRefusedError(DomainError):
    """The file cannot be kept: too large, empty, of a type not allowed, or not what it says."""


def allowed_extensions() -> str:
    return ", ".join(sorted(ALLOWED_TYPES))


def checked_content_type(upload: UploadedFile, *, max_bytes: int) -> str:
    """The content type to serve the file with, or `UploadRefusedError` saying what is wrong."""
    if upload.size is None or upload.size > max_bytes:
        raise UploadRefusedError(
            _("The file is too large: the limit is %(limit)s.")
            % {"limit": filesizeformat(max_bytes)}
        )
    if upload.size == 0:
        raise UploadRefusedError(_("The file is empty."))
    suffix = PurePath(upload.name or "").suffix.lower()
    allowed = ALLOWED_TYPES.get(suffix)
    if allowed is None:
        raise UploadRefusedError(
            _("Files of this type cannot be attached. Allowed: %(types)s.")
            % {"types": allowed_extensions()}
        )
    content_type, signatures = allowed
    upload.seek(0)
    head = upload.read(_HEAD_BYTES)
    upload.seek(0)
    if not _head_matches(head, signatures):
        raise UploadRefusedError(
            _("The file's content does not match its %(type)s extension.") % {"type": suffix}
        )
    return content_type


def _head_matches(head: bytes, signatures: tuple[bytes, ...] | None) -> bool:
    if signatures is not None:
        return head.startswith(signatures)
    for text in (head, head[:-3]):  # a multi-byte character cut at the end is fine
        try:
            text.decode("utf-8")
        except UnicodeDecodeError:
            continue
        return True
    return False


def clean_file_name(name: str | None, default: str = "file") -> str:
    """The last part of the name a browser sent, at most 200 characters (for display only)."""
    return PurePath(name or default).name[:200] or default


def storage_key(kind: str, organisation_id: int) -> str:
    """A random storage key under the organisation's prefix: `attachments/7/3f2a…`."""
    return f"{kind}/{organisation_id}/{uuid.uuid4().hex}"
