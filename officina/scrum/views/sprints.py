"""Sprint pages: the list (with the velocity chart's numbers), one sprint (plan, start,
close with carry-over) and its report (burndown, data table, summary in words)."""

from decimal import Decimal

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import get_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from officina.boards.models import Stage
from officina.boards.selectors.boards import BoardWithAccess, board_get_for_actor
from officina.common.exceptions import DomainError
from officina.common.spreadsheets import (
    CSV_CONTENT_TYPE,
    ODS_CONTENT_TYPE,
    XLSX_CONTENT_TYPE,
    csv_chunks,
    ods_bytes,
    xlsx_bytes,
)
from officina.organisations.http import ActorRequest
from officina.scrum.charts import burndown, velocity
from officina.scrum.exports import (
    PDF_CONTENT_TYPE,
    SprintExport,
    export_headers,
    export_pdf,
    export_rows,
)
from officina.scrum.forms import SprintCloseForm, SprintForm
from officina.scrum.metrics import SprintReport, VelocityRow, average_velocity, ratio
from officina.scrum.models import Sprint
from officina.scrum.scales import estimate_label
from officina.scrum.selectors import (
    scrum_settings_for,
    sprint_capacity,
    sprint_carry_over,
    sprint_get_for_actor,
    sprint_item_list,
    sprint_list_for_actor,
    sprint_report_for,
    sprint_standup,
    velocity_rows,
)
from officina.scrum.selectors.reviews import sprint_review_for
from officina.scrum.services.sprints import sprint_close, sprint_create, sprint_start
from officina.scrum.views.common import apply
from officina.scrum.views.guides import guide_context


def _sprint_url(
    request: ActorRequest, seen: BoardWithAccess, sprint: Sprint, name: str = "sprint-detail"
) -> str:
    return reverse(f"scrum:{name}", args=[request.actor.organisation.slug, seen.pk, sprint.pk])


@require_http_methods(["GET", "POST"])
def sprint_list(request: ActorRequest, org_slug: str, board_id: int) -> HttpResponse:
    """The board's sprints, newest first, the velocity of the closed ones, and a new sprint."""
    seen = board_get_for_actor(actor=request.actor, board_id=board_id)
    settings = scrum_settings_for(seen=seen)
    if settings is None:
        return redirect("scrum:backlog", org_slug, board_id)
    form = SprintForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            sprint = sprint_create(actor=request.actor, board_id=seen.pk, **form.cleaned_data)
        except DomainError as refused:
            form.add_error(None, refused)
        else:
            messages.success(
                request, _("The sprint “%(name)s” is planned.") % {"name": sprint.name}
            )
            return redirect(_sprint_url(request, seen, sprint))
    rows = velocity_rows(actor=request.actor, seen=seen)
    context = {
        "board": seen.board,
        "access": seen.access,
        "sprints": list(sprint_list_for_actor(actor=request.actor, seen=seen)),
        "form": form,
        "velocity": rows,
        "average": average_velocity(rows),
        "velocity_chart": velocity(rows) if rows else None,
        "velocity_summary": velocity_summary(rows),
        **guide_context(request, seen, settings, "sprints"),
    }
    return render(request, "scrum/sprint_list.html", context)


def velocity_summary(rows: list[VelocityRow]) -> str:
    """The velocity chart in one sentence: the average, the overall say/do and the last one."""
    if not rows:
        return ""
    committed = sum((row.committed for row in rows), Decimal(0))
    completed = sum((row.completed for row in rows), Decimal(0))
    overall, last = ratio(completed, committed), rows[-1].say_do
    return ngettext(
        "In the last closed sprint the team completed %(average)s points, "
        "%(ratio)s of what it committed.",
        "In the last %(count)s closed sprints the team completed %(average)s points a sprint "
        "on average, %(ratio)s of what it committed; in the last one, %(last)s.",
        len(rows),
    ) % {
        "count": len(rows),
        "average": _number(average_velocity(rows) or Decimal(0)),
        "ratio": _percent(overall),
        "last": _percent(last),
    }


def _percent(value: Decimal | None) -> str:
    return f"{value * 100:.0f} %" if value is not None else "–"


@require_GET
def sprint_detail(
    request: ActorRequest, org_slug: str, board_id: int, sprint_id: int
) -> HttpResponse:
    """The sprint's goal, dates and cards; start and close (with the carry-over per card)."""
    seen = board_get_for_actor(actor=request.actor, board_id=board_id)
    sprint = sprint_get_for_actor(actor=request.actor, seen=seen, sprint_id=sprint_id)
    settings = scrum_settings_for(seen=seen)
    scale = settings.estimate_scale if settings else "fibonacci"
    items = sprint_item_list(sprint=sprint)
    unfinished = [
        item.work_item
        for item in items
        if item.work_item.column.stage != Stage.DONE and item.work_item.archived_at is None
    ]
    next_sprints = (
        sprint_list_for_actor(actor=request.actor, seen=seen)
        .filter(state=Sprint.State.PLANNED)
        .exclude(pk=sprint.pk)
    )
    context = {
        "board": seen.board,
        "access": seen.access,
        "sprint": sprint,
        "rows": [(item, estimate_label(scale, item.work_item.estimate)) for item in items],
        "capacity": sprint_capacity(actor=request.actor, seen=seen, sprint=sprint, items=items),
        "close_form": SprintCloseForm(unfinished=unfinished, next_sprints=next_sprints),
        "has_next": next_sprints.exists(),
        "definition_of_done": _lines(settings.definition_of_done if settings else ""),
        **guide_context(request, seen, settings, "sprint"),
    }
    return render(request, "scrum/sprint_detail.html", context)


def _lines(text: str) -> list[str]:
    return [line.strip(" -*\t") for line in text.splitlines() if line.strip(" -*\t")]


@require_POST
def sprint_start_view(
    request: ActorRequest, org_slug: str, board_id: int, sprint_id: int
) -> HttpResponse:
    seen = board_get_for_actor(actor=request.actor, board_id=board_id)
    sprint = sprint_get_for_actor(actor=request.actor, seen=seen, sprint_id=sprint_id)
    return apply(
        request,
        lambda: sprint_start(actor=request.actor, sprint=sprint),
        done=_("The sprint “%(name)s” has started: its commitment is fixed.")
        % {"name": sprint.name},
        fallback=_sprint_url(request, seen, sprint),
    )


@require_POST
def sprint_close_view(
    request: ActorRequest, org_slug: str, board_id: int, sprint_id: int
) -> HttpResponse:
    seen = board_get_for_actor(actor=request.actor, board_id=board_id)
    sprint = sprint_get_for_actor(actor=request.actor, seen=seen, sprint_id=sprint_id)
    items = sprint_item_list(sprint=sprint)
    unfinished = [
        item.work_item
        for item in items
        if item.work_item.column.stage != Stage.DONE and item.work_item.archived_at is None
    ]
    next_sprints = sprint_list_for_actor(actor=request.actor, seen=seen).filter(
        state=Sprint.State.PLANNED
    )
    form = SprintCloseForm(request.POST, unfinished=unfinished, next_sprints=next_sprints)
    if not form.is_valid():
        messages.error(request, _("Choose where each unfinished card goes."))
        return redirect(_sprint_url(request, seen, sprint))
    return apply(
        request,
        lambda: sprint_close(
            actor=request.actor,
            sprint=sprint,
            carry_over=form.carry_over(),
            next_sprint=form.cleaned_data.get("next_sprint"),
        ),
        done=_("The sprint “%(name)s” is closed.") % {"name": sprint.name},
        fallback=_sprint_url(request, seen, sprint, "sprint-report"),
    )


def summary(report: SprintReport) -> str:
    """The report in one sentence."""
    numbers = report.numbers
    say_do = numbers.say_do
    return _(
        "Committed %(committed)s points, completed %(completed)s (%(ratio)s); "
        "%(added)s points added and %(removed)s removed after the start; "
        "%(remaining)s points remain."
    ) % {
        "committed": _number(numbers.committed_points),
        "completed": _number(numbers.completed_points),
        "ratio": f"{say_do * 100:.0f} %" if say_do is not None else "–",
        "added": _number(numbers.added_points),
        "removed": _number(numbers.removed_points),
        "remaining": _number(numbers.scope_points - numbers.completed_points),
    }


def _number(value: Decimal) -> str:
    """Points as people write them: one decimal at most, the language's decimal separator."""
    if not value:
        return "0"
    text = f"{value.quantize(Decimal('0.1')).normalize():f}"
    return text.replace(".", str(get_format("DECIMAL_SEPARATOR")))


@require_GET
def sprint_report(
    request: ActorRequest, org_slug: str, board_id: int, sprint_id: int
) -> HttpResponse:
    """Burndown in points (SVG), its data table in points and items, say/do, carry-over."""
    seen = board_get_for_actor(actor=request.actor, board_id=board_id)
    sprint = sprint_get_for_actor(actor=request.actor, seen=seen, sprint_id=sprint_id)
    report = sprint_report_for(sprint=sprint, now=timezone.now())
    context = {
        "board": seen.board,
        "sprint": sprint,
        "report": report,
        "chart": burndown(report),
        "summary": summary(report),
        "numbers": report.numbers,
        "carry_over": sprint_carry_over(sprint=sprint),
        "review": sprint_review_for(sprint=sprint),
        **guide_context(request, seen, scrum_settings_for(seen=seen), "report"),
    }
    return render(request, "scrum/sprint_report.html", context)


@require_GET
def sprint_export(
    request: ActorRequest, org_slug: str, board_id: int, sprint_id: int, fmt: str
) -> HttpResponse:
    """The report as CSV, ODS, XLSX or PDF: goal, totals, carry-over and the burndown by day.
    Anyone who sees the board may download it; the file is small, built in one go."""
    seen = board_get_for_actor(actor=request.actor, board_id=board_id)
    sprint = sprint_get_for_actor(actor=request.actor, seen=seen, sprint_id=sprint_id)
    report = sprint_report_for(sprint=sprint, now=timezone.now())
    export = SprintExport(
        sprint,
        report,
        sprint_carry_over(sprint=sprint),
        summary(report),
        sprint_review_for(sprint=sprint),
    )
    headers, rows = export_headers(export), list(export_rows(export))
    if fmt == "csv":
        content, content_type = b"".join(csv_chunks(headers, rows)), CSV_CONTENT_TYPE
    elif fmt == "ods":
        content, content_type = ods_bytes(_("Sprint"), headers, rows), ODS_CONTENT_TYPE
    elif fmt == "xlsx":
        content, content_type = xlsx_bytes(_("Sprint"), headers, rows), XLSX_CONTENT_TYPE
    else:
        content, content_type = export_pdf(export), PDF_CONTENT_TYPE
    response = HttpResponse(content, content_type=content_type)
    # ASCII only, nothing typed by a user: `sprint-12-2026-12-02.pdf`.
    filename = f"sprint-{sprint.pk}-{timezone.localdate():%Y-%m-%d}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def sprint_standup_view(
    request: ActorRequest, org_slug: str, board_id: int, sprint_id: int
) -> HttpResponse:
    """The daily stand-up: the goal, the burndown, what moved since the previous working day,
    what is blocked, and a timer. For the whole team, not a report on each person."""
    seen = board_get_for_actor(actor=request.actor, board_id=board_id)
    sprint = sprint_get_for_actor(actor=request.actor, seen=seen, sprint_id=sprint_id)
    now = timezone.now()
    report = sprint_report_for(sprint=sprint, now=now)
    today = timezone.localdate(now)
    context = {
        "board": seen.board,
        "access": seen.access,
        "sprint": sprint,
        "standup": sprint_standup(sprint=sprint, today=today),
        "chart": burndown(report),
        "summary": summary(report),
        "days_left": sum(
            1 for point in report.days if point.working and point.day and point.day >= today
        ),
        **guide_context(request, seen, scrum_settings_for(seen=seen), "standup"),
    }
    return render(request, "scrum/sprint_standup.html", context)
