from django.urls import path

from officina.organisations.api import views

app_name = "organisations-api"

urlpatterns = [
    path("teams/", views.TeamListApi.as_view(), name="team-list"),
    path("teams/<int:team_id>/", views.TeamDetailApi.as_view(), name="team-detail"),
]
