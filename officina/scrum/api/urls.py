"""The Scrum API under /api/v1/o/<org_slug>/ (namespace "scrum-api")."""

from django.urls import path

from officina.scrum.api import board, poker, views
from officina.scrum.api import retrospectives as retros

app_name = "scrum-api"

BOARD = "boards/<int:board_id>/"
SPRINT = f"{BOARD}sprints/<int:sprint_id>/"

urlpatterns = [
    path(f"{BOARD}sprints/", views.SprintListApi.as_view(), name="sprint-list"),
    path(SPRINT, views.SprintDetailApi.as_view(), name="sprint-detail"),
    path(f"{SPRINT}start/", views.SprintStartApi.as_view(), name="sprint-start"),
    path(f"{SPRINT}close/", views.SprintCloseApi.as_view(), name="sprint-close"),
    path(f"{SPRINT}items/", views.SprintItemListApi.as_view(), name="sprint-item-list"),
    path(
        f"{SPRINT}items/<int:number>/remove/",
        views.SprintItemRemoveApi.as_view(),
        name="sprint-item-remove",
    ),
    path(f"{SPRINT}report/", views.SprintReportApi.as_view(), name="sprint-report"),
    path(f"{SPRINT}review/", views.SprintReviewApi.as_view(), name="sprint-review"),
    path(f"{BOARD}backlog/", views.BacklogListApi.as_view(), name="backlog-list"),
    path(f"{BOARD}backlog/<int:number>/move/", views.BacklogMoveApi.as_view(), name="backlog-move"),
    path(f"{BOARD}poker/", poker.PokerStateApi.as_view(), name="poker"),
    path(f"{BOARD}poker/open/", poker.PokerOpenApi.as_view(), name="poker-open"),
    path(f"{BOARD}poker/story/", poker.PokerStoryApi.as_view(), name="poker-story"),
    path(f"{BOARD}poker/vote/", poker.PokerVoteApi.as_view(), name="poker-vote"),
    path(f"{BOARD}poker/reveal/", poker.PokerRevealApi.as_view(), name="poker-reveal"),
    path(f"{BOARD}poker/revote/", poker.PokerRevoteApi.as_view(), name="poker-revote"),
    path(f"{BOARD}poker/accept/", poker.PokerAcceptApi.as_view(), name="poker-accept"),
    path(f"{BOARD}poker/close/", poker.PokerCloseApi.as_view(), name="poker-close"),
    path(f"{BOARD}scrum/", board.ScrumSettingsApi.as_view(), name="scrum-settings"),
    path(f"{BOARD}velocity/", board.VelocityApi.as_view(), name="velocity"),
    path(f"{BOARD}epics/", board.EpicListApi.as_view(), name="epic-list"),
    path(f"{BOARD}backlog/bulk/", board.BacklogBulkApi.as_view(), name="backlog-bulk"),
    path(f"{SPRINT}standup/", board.StandupApi.as_view(), name="sprint-standup"),
]

RETRO = f"{BOARD}retrospectives/<int:retrospective_id>/"
urlpatterns += [
    path(f"{BOARD}retrospectives/", retros.RetrospectiveListApi.as_view(), name="retro-list"),
    path(RETRO, retros.RetrospectiveDetailApi.as_view(), name="retro-detail"),
    path(f"{RETRO}notes/", retros.RetroNoteCreateApi.as_view(), name="retro-note-create"),
    path(f"{RETRO}votes/", retros.RetroVoteApi.as_view(), name="retro-vote"),
    path(f"{RETRO}group/", retros.RetroGroupApi.as_view(), name="retro-group"),
    path(f"{RETRO}actions/", retros.RetroActionCreateApi.as_view(), name="retro-action-create"),
    path(f"{RETRO}close/", retros.RetrospectiveCloseApi.as_view(), name="retro-close"),
]
