"""What the Scrum pages share: reaching the board, and coming back after a form."""

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme

from officina.common.exceptions import DomainError
from officina.organisations.http import ActorRequest


def back(request: ActorRequest, fallback: str) -> HttpResponseRedirect:
    """To the page the form was on (`next`, a path of this site), else to `fallback`."""
    wanted = request.POST.get("next", "")
    if wanted and url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()}):
        return redirect(wanted)
    return redirect(fallback)


def apply(
    request: ActorRequest, change: Callable[[], object], *, done: str, fallback: str
) -> HttpResponse:
    """Run a service; say what happened (or the rule that refused it) on the page it came from."""
    try:
        change()
    except DomainError as refused:
        messages.error(request, refused.text)
    else:
        if done:
            messages.success(request, done)
    return back(request, fallback)
