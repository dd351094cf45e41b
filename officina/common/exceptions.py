"""Domain exceptions shared by every app."""

from django.core.exceptions import PermissionDenied
from django.http import Http404


class NotFound(Http404):
    """The object does not exist, or the actor may not see it: the two are never told apart."""


class PermissionDeniedError(PermissionDenied):
    """The actor may see the object but not perform this change.

    A `PermissionDenied`, so Django renders the 403 page (with this message) and DRF answers 403.
    """
