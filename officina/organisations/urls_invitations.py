"""/invitations/: the invitations waiting for the signed-in person (no organisation in the
address: they do not belong to the inviting organisation yet)."""

from django.urls import path

from officina.organisations import views

app_name = "invitations"

urlpatterns = [
    path("", views.invitation_list, name="invitation-list"),
    path("<int:invitation_id>/accept/", views.invitation_accept, name="invitation-accept"),
    path("<int:invitation_id>/decline/", views.invitation_decline, name="invitation-decline"),
]
