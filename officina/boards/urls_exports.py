"""Exports of a board, under /o/<org_slug>/boards/<board_id>/export/ (namespace "boards").

One named URL per format, the format passed as an extra keyword: every URL keyword stays an id
that the cross-tenant URL walk knows how to fill.
"""

from collections.abc import Callable

from django.http import HttpResponseBase
from django.urls import URLPattern, URLResolver, path

from officina.boards.views import exports as views

EXPORT = "<int:board_id>/export/"


def _per_format(what: str, view: Callable[..., HttpResponseBase]) -> list[URLPattern]:
    return [
        path(f"{EXPORT}{what}.{fmt}", view, {"fmt": fmt}, name=f"board-export-{what}-{fmt}")
        for fmt in ("csv", "ods", "xlsx")
    ]


urlpatterns: list[URLPattern | URLResolver] = [
    path(EXPORT, views.board_export, name="board-export"),
    *_per_format("cards", views.board_export_cards),
    *_per_format("events", views.board_export_events),
    path(f"{EXPORT}due.ics", views.board_export_due_ics, name="board-export-due-ics"),
]
