"""Board pages under /o/<org_slug>/boards/: the list, the board, its body, moves and settings."""

from django.urls import URLPattern, URLResolver, path

from officina.boards.views import (
    board_history,
    board_page,
    board_patch,
    calendar,
    mentions,
    moves,
    search,
)
from officina.boards.views import board_settings as settings_views
from officina.boards.views import boards as views

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.board_list, name="board-list"),
    path("new/", views.board_create, name="board-create"),
    path("search/", search.card_search, name="card-search"),
    path("calendar/", calendar.my_calendar, name="my-calendar"),
    path("<int:board_id>/", board_page.board_detail, name="board-detail"),
    path("<int:board_id>/body/", board_page.board_body, name="board-body"),
    path("<int:board_id>/patch/", board_patch.board_patch, name="board-patch"),
    path("<int:board_id>/cards/quick-add/", board_page.card_quick_add, name="card-quick-add"),
    path("<int:board_id>/cards/<int:number>/move/", moves.card_move, name="card-move"),
    path("<int:board_id>/history/", board_history.board_history, name="board-history"),
    path(
        "<int:board_id>/mentions/", mentions.mention_suggestions, name="board-mention-suggestions"
    ),
    path("<int:board_id>/calendar/", calendar.board_calendar, name="board-calendar"),
    path("<int:board_id>/settings/", settings_views.board_settings, name="board-settings"),
    path("<int:board_id>/settings/archive/", settings_views.board_archive, name="board-archive"),
    path(
        "<int:board_id>/settings/columns/new/",
        settings_views.column_create,
        name="column-create",
    ),
    path(
        "<int:board_id>/settings/columns/<int:column_id>/",
        settings_views.column_update,
        name="column-update",
    ),
    path(
        "<int:board_id>/settings/columns/<int:column_id>/move/",
        settings_views.column_move,
        name="column-move",
    ),
    path(
        "<int:board_id>/settings/columns/<int:column_id>/delete/",
        settings_views.column_delete,
        name="column-delete",
    ),
    path(
        "<int:board_id>/settings/swimlanes/new/",
        settings_views.swimlane_create,
        name="swimlane-create",
    ),
    path(
        "<int:board_id>/settings/swimlanes/<int:swimlane_id>/",
        settings_views.swimlane_update,
        name="swimlane-update",
    ),
    path(
        "<int:board_id>/settings/swimlanes/<int:swimlane_id>/move/",
        settings_views.swimlane_move,
        name="swimlane-move",
    ),
    path(
        "<int:board_id>/settings/swimlanes/<int:swimlane_id>/delete/",
        settings_views.swimlane_delete,
        name="swimlane-delete",
    ),
    path("<int:board_id>/settings/labels/new/", settings_views.label_create, name="label-create"),
    path(
        "<int:board_id>/settings/labels/<int:label_id>/delete/",
        settings_views.label_delete,
        name="label-delete",
    ),
    path(
        "<int:board_id>/settings/guests/<int:user_id>/",
        settings_views.guest_set,
        name="board-guest-set",
    ),
    path(
        "<int:board_id>/settings/card-templates/new/",
        settings_views.card_template_create,
        name="card-template-create",
    ),
    path(
        "<int:board_id>/settings/card-templates/<int:template_id>/",
        settings_views.card_template_update,
        name="card-template-update",
    ),
    path(
        "<int:board_id>/settings/card-templates/<int:template_id>/delete/",
        settings_views.card_template_delete,
        name="card-template-delete",
    ),
    path(
        "<int:board_id>/settings/recurrences/new/",
        settings_views.card_recurrence_create,
        name="card-recurrence-create",
    ),
    path(
        "<int:board_id>/settings/recurrences/<int:recurrence_id>/delete/",
        settings_views.card_recurrence_delete,
        name="card-recurrence-delete",
    ),
    path(
        "<int:board_id>/settings/managers/<int:member_id>/",
        settings_views.manager_set,
        name="board-manager-set",
    ),
]
