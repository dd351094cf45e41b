from django.urls import path

from officina.organisations import views

app_name = "organisations"

urlpatterns = [
    path("", views.home, name="home"),
    path("teams/", views.team_list, name="team-list"),
    path("teams/<int:team_id>/", views.team_detail, name="team-detail"),
    path("people/", views.person_list, name="person-list"),
    path("people/import/", views.person_import, name="person-import"),
    path(
        "people/import/template.csv",
        views.person_import_template,
        {"file_format": "csv"},
        name="person-import-template-csv",
    ),
    path(
        "people/import/template.xlsx",
        views.person_import_template,
        {"file_format": "xlsx"},
        name="person-import-template-xlsx",
    ),
]
