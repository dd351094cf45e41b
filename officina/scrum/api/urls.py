"""The Scrum API under /api/v1/o/<org_slug>/ (namespace "scrum-api")."""

from django.urls import path

from officina.scrum.api import views

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
    path(f"{BOARD}backlog/", views.BacklogListApi.as_view(), name="backlog-list"),
    path(f"{BOARD}backlog/<int:number>/move/", views.BacklogMoveApi.as_view(), name="backlog-move"),
]
