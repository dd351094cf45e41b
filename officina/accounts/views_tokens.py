"""The profile page of personal access tokens: list, create (secret shown once), revoke."""

from typing import Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from officina.accounts.models import User
from officina.accounts.tokens import (
    EXPIRY_CHOICES_DAYS,
    token_create,
    token_list_for_user,
    token_revoke,
    token_status,
)

TEMPLATE = "accounts/tokens.html"


class TokenCreateForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name"),
        max_length=100,
        help_text=gettext_lazy("What the token is for, e.g. “Report script”."),
    )
    expires_in_days = forms.TypedChoiceField(
        label=gettext_lazy("Expires"),
        coerce=int,
        empty_value=None,
        required=False,
        initial=str(EXPIRY_CHOICES_DAYS[1]),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Built per request, so the labels follow the person's language.
        days_field = cast(forms.TypedChoiceField, self.fields["expires_in_days"])
        days_field.choices = [
            *((str(days), _("In %(days)s days") % {"days": days}) for days in EXPIRY_CHOICES_DAYS),
            ("", _("Never")),
        ]


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)  # login_required ran first


def _page(request: HttpRequest, form: TokenCreateForm, **extra: Any) -> HttpResponse:
    tokens = [(token, token_status(token)) for token in token_list_for_user(user=_user(request))]
    return render(request, TEMPLATE, {"form": form, "tokens": tokens, **extra})


@never_cache
@login_required
def token_list(request: HttpRequest) -> HttpResponse:
    """My tokens and the form to create one; POST creates it and shows its secret once."""
    if request.method != "POST":
        return _page(request, TokenCreateForm())
    form = TokenCreateForm(request.POST)
    if not form.is_valid():
        return _page(request, form)
    token, secret = token_create(
        user=_user(request),
        name=form.cleaned_data["name"],
        expires_in_days=form.cleaned_data["expires_in_days"],
        request=request,
    )
    # Rendered, not redirected: the secret must not be kept anywhere to show it after a redirect.
    return _page(request, TokenCreateForm(), new_token=token, secret=secret)


@require_POST
@login_required
def token_revoke_view(request: HttpRequest, token_id: int) -> HttpResponse:
    token = token_revoke(user=_user(request), token_id=token_id, request=request)
    messages.success(
        request, _("The token “%(name)s” was revoked: it no longer works.") % {"name": token.name}
    )
    return HttpResponseRedirect(reverse("tokens:token-list"))
