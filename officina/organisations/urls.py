from django.urls import path

from officina.organisations import views, views_members, views_people

app_name = "organisations"

urlpatterns = [
    path("", views.home, name="home"),
    path("teams/", views.team_list, name="team-list"),
    path("teams/<int:team_id>/", views.team_detail, name="team-detail"),
    path("teams/<int:team_id>/members/", views_members.team_member_add, name="team-member-add"),
    path(
        "teams/<int:team_id>/members/<int:user_id>/role/",
        views_members.team_member_role,
        name="team-member-role",
    ),
    path(
        "teams/<int:team_id>/members/<int:user_id>/remove/",
        views_members.team_member_remove,
        name="team-member-remove",
    ),
    path("people/", views.person_list, name="person-list"),
    path("people/<int:person_id>/", views_people.person_detail, name="person-detail"),
    path(
        "people/<int:person_id>/deactivate/",
        views_people.person_deactivate_confirm,
        name="person-deactivate",
    ),
    path(
        "people/export.csv",
        views_people.person_export,
        {"file_format": "csv"},
        name="person-export-csv",
    ),
    path(
        "people/export.ods",
        views_people.person_export,
        {"file_format": "ods"},
        name="person-export-ods",
    ),
    path(
        "people/export.xlsx",
        views_people.person_export,
        {"file_format": "xlsx"},
        name="person-export-xlsx",
    ),
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
