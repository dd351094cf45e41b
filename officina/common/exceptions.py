"""Domain exceptions shared by every app."""

from django.http import Http404


class NotFound(Http404):
    """The object does not exist, or the actor may not see it: the two are never told apart."""


class PermissionDeniedError(Exception):
    """The actor may see the object but not perform this change (rendered as 403)."""
