"""The boards API under /api/v1/o/<org_slug>/ (namespace "boards-api")."""

from django.urls import path

from officina.boards.api import views_boards, views_cards, views_history, views_structure

app_name = "boards-api"

BOARD = "boards/<int:board_id>/"
CARD = f"{BOARD}cards/<int:number>/"

urlpatterns = [
    path("boards/", views_boards.BoardListApi.as_view(), name="board-list"),
    path(
        "board-templates/", views_boards.BoardTemplateListApi.as_view(), name="board-template-list"
    ),
    path(BOARD, views_boards.BoardDetailApi.as_view(), name="board-detail"),
    path(f"{BOARD}archive/", views_boards.BoardArchiveApi.as_view(), name="board-archive"),
    path(f"{BOARD}restore/", views_boards.BoardRestoreApi.as_view(), name="board-restore"),
    path(f"{BOARD}events/", views_history.BoardEventListApi.as_view(), name="board-events"),
    path(
        f"{BOARD}structure-events/",
        views_history.BoardStructureEventListApi.as_view(),
        name="board-structure-events",
    ),
    path(f"{BOARD}columns/", views_structure.ColumnListApi.as_view(), name="column-list"),
    path(
        f"{BOARD}columns/<int:column_id>/",
        views_structure.ColumnDetailApi.as_view(),
        name="column-detail",
    ),
    path(f"{BOARD}swimlanes/", views_structure.SwimlaneListApi.as_view(), name="swimlane-list"),
    path(
        f"{BOARD}swimlanes/<int:swimlane_id>/",
        views_structure.SwimlaneDetailApi.as_view(),
        name="swimlane-detail",
    ),
    path(f"{BOARD}labels/", views_structure.LabelListApi.as_view(), name="label-list"),
    path(
        f"{BOARD}labels/<int:label_id>/",
        views_structure.LabelDetailApi.as_view(),
        name="label-detail",
    ),
    path(f"{BOARD}cards/", views_cards.CardListApi.as_view(), name="card-list"),
    path(CARD, views_cards.CardDetailApi.as_view(), name="card-detail"),
    path(f"{CARD}move/", views_cards.CardMoveApi.as_view(), name="card-move"),
    path(f"{CARD}transfer/", views_cards.CardTransferApi.as_view(), name="card-transfer"),
    path(f"{CARD}block/", views_cards.CardBlockApi.as_view(), name="card-block"),
    path(f"{CARD}unblock/", views_cards.CardUnblockApi.as_view(), name="card-unblock"),
    path(f"{CARD}archive/", views_cards.CardArchiveApi.as_view(), name="card-archive"),
    path(f"{CARD}restore/", views_cards.CardRestoreApi.as_view(), name="card-restore"),
    path(f"{CARD}comments/", views_history.CommentListApi.as_view(), name="comment-list"),
    path(f"{CARD}events/", views_history.CardEventListApi.as_view(), name="card-events"),
]
