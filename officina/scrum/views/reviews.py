"""The sprint review page: the goal and whether it was met, the notes, and an outcome per
story. Whoever edits the board's cards writes it; everyone who sees the board reads it."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from officina.boards.permissions import require_edit_cards
from officina.boards.selectors.boards import board_get_for_actor
from officina.common.exceptions import DomainError
from officina.organisations.http import ActorRequest
from officina.scrum.forms import SprintReviewForm
from officina.scrum.models import Sprint
from officina.scrum.selectors import scrum_settings_for, sprint_get_for_actor
from officina.scrum.selectors.reviews import sprint_review_for
from officina.scrum.services.reviews import sprint_review_save
from officina.scrum.views.guides import guide_context


@require_http_methods(["GET", "POST"])
def sprint_review(
    request: ActorRequest, org_slug: str, board_id: int, sprint_id: int
) -> HttpResponse:
    seen = board_get_for_actor(actor=request.actor, board_id=board_id)
    sprint = sprint_get_for_actor(actor=request.actor, seen=seen, sprint_id=sprint_id)
    if request.method == "POST":
        require_edit_cards(seen.access)  # a read-only viewer reads, even a malformed form
    here = reverse("scrum:sprint-review", args=[org_slug, seen.pk, sprint.pk])
    state = sprint_review_for(sprint=sprint)
    editable = seen.access.can_edit_cards and sprint.state != Sprint.State.PLANNED
    form = SprintReviewForm(
        request.POST if request.method == "POST" else None,
        rows=state.rows,
        initial={"goal_met": state.goal_met, "notes": state.notes},
    )
    if request.method == "POST" and form.is_valid():
        try:
            sprint_review_save(
                actor=request.actor,
                sprint=sprint,
                goal_met=form.cleaned_data["goal_met"],
                notes=form.cleaned_data["notes"],
                outcomes=form.outcomes(),
            )
        except DomainError as refused:
            messages.error(request, refused.text)
        else:
            messages.success(request, _("The sprint review is saved."))
        return redirect(here)
    context = {
        "board": seen.board,
        "access": seen.access,
        "sprint": sprint,
        "state": state,
        "form": form,
        "editable": editable,
        **guide_context(request, seen, scrum_settings_for(seen=seen), "review"),
    }
    return render(request, "scrum/sprint_review.html", context)
