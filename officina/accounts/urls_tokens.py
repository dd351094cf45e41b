"""/accounts/tokens/: the person's own API tokens (no organisation in the address: they are
personal and work in every organisation the person belongs to)."""

from django.urls import path

from officina.accounts import views_tokens

app_name = "tokens"

urlpatterns = [
    path("", views_tokens.token_list, name="token-list"),
    path("<int:token_id>/revoke/", views_tokens.token_revoke_view, name="token-revoke"),
]
