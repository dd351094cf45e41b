"""Domain exceptions shared by every app.

Every interface maps them by type, never by name: a view shows the message on the page, the API
answers 400 (`DomainError`), 403 (`PermissionDeniedError`), 404 (`NotFound`) or 409
(`ConflictError`), each with the message in the caller's language.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404


class NotFound(Http404):
    """The object does not exist, or the actor may not see it: the two are never told apart."""


class PermissionDeniedError(PermissionDenied):
    """The actor may see the object but not perform this change.

    A `PermissionDenied`, so Django renders the 403 page (with this message) and DRF answers 403.
    """


class DomainError(ValidationError):
    """A change refused by a rule of the domain: nothing was changed.

    The message names the rule in the person's language. A `ValidationError`, so a form can
    show it (`form.add_error(None, error)`) and `.messages` lists its sentences.
    """

    @property
    def text(self) -> str:
        """The message as one line, for a page or an API answer."""
        return " ".join(str(message) for message in self.messages)


class ConflictError(Exception):
    """The object changed since the person read it: their change was not applied.

    Carries the object as it is now (`current`), so the page can show both versions and lose
    nothing, and the API can answer with the current version.
    """

    def __init__(self, message: str, *, current: object) -> None:
        super().__init__(message)
        self.message = message
        self.current = current

    @property
    def current_version(self) -> int | None:
        version = getattr(self.current, "version", None)
        return version if isinstance(version, int) else None


def full_clean_or_refuse(
    instance: object, *, exclude: tuple[str, ...] = (), error: type[DomainError] = DomainError
) -> None:
    """Validate a model instance as its fields and constraints say, before a service saves it.

    Relations the service has already checked (under its lock) go in `exclude`, so that they
    are not read again. A broken rule becomes `error`, whose message lists every problem in
    the person's language, so no interface ever shows a stack trace for bad input.
    """
    try:
        instance.full_clean(exclude=list(exclude))  # type: ignore[attr-defined]
    except ValidationError as invalid:
        raise error(" ".join(_messages_of(invalid))) from invalid


def _messages_of(invalid: ValidationError) -> list[str]:
    if not hasattr(invalid, "error_dict"):
        return [str(message) for message in invalid.messages]
    messages = []
    for field, errors in invalid.message_dict.items():
        for message in errors:
            messages.append(message if field == "__all__" else f"{field}: {message}")
    return messages
