"""Scrum pages of a board, under /o/<org_slug>/boards/<board_id>/scrum/."""

from django.urls import path

from officina.scrum import urls_poker
from officina.scrum.views import backlog, done, guides, retrospectives, reviews, sprints

app_name = "scrum"

urlpatterns = [
    path("", backlog.backlog, name="backlog"),
    path("settings/", backlog.scrum_settings, name="scrum-settings"),
    path("items/new/", backlog.item_create, name="item-create"),
    path("items/bulk/", backlog.backlog_bulk, name="backlog-bulk"),
    path("items/<int:number>/", backlog.item_update, name="item-update"),
    path("items/<int:number>/move/", backlog.item_move, name="item-move"),
    path("items/<int:number>/plan/", backlog.item_plan, name="item-plan"),
    path("epics/new/", backlog.epic_new, name="epic-create"),
    path("guides/", guides.guides_set, name="guides"),
    path("items/<int:number>/done/", done.done_criterion_set_view, name="done-check"),
    path("sprints/", sprints.sprint_list, name="sprint-list"),
    path("sprints/<int:sprint_id>/", sprints.sprint_detail, name="sprint-detail"),
    path("sprints/<int:sprint_id>/start/", sprints.sprint_start_view, name="sprint-start"),
    path("sprints/<int:sprint_id>/close/", sprints.sprint_close_view, name="sprint-close"),
    path("sprints/<int:sprint_id>/report/", sprints.sprint_report, name="sprint-report"),
    path("sprints/<int:sprint_id>/standup/", sprints.sprint_standup_view, name="sprint-standup"),
    path("sprints/<int:sprint_id>/review/", reviews.sprint_review, name="sprint-review"),
    *(
        path(
            f"sprints/<int:sprint_id>/report.{fmt}",
            sprints.sprint_export,
            {"fmt": fmt},
            name=f"sprint-export-{fmt}",
        )
        for fmt in ("csv", "ods", "xlsx", "pdf")
    ),
]
RETRO = "retrospectives/<int:retrospective_id>/"
urlpatterns += [
    path("retrospectives/", retrospectives.retro_list, name="retro-list"),
    path(RETRO, retrospectives.retro_detail, name="retro-detail"),
    path(f"{RETRO}notes/", retrospectives.retro_note_create, name="retro-note-create"),
    path(f"{RETRO}vote/", retrospectives.retro_vote_view, name="retro-vote"),
    path(f"{RETRO}group/", retrospectives.retro_group_view, name="retro-group"),
    path(f"{RETRO}actions/", retrospectives.retro_action_view, name="retro-action-create"),
    path(f"{RETRO}close/", retrospectives.retro_close_view, name="retro-close"),
]
urlpatterns += urls_poker.urlpatterns
