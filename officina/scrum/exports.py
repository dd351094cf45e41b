"""The sprint report as a file: one table for CSV, ODS and XLSX (`common.spreadsheets`), and a
PDF written with fpdf2 (decision 0046).

Pure functions of the report (`metrics.SprintReport`), the carry-over and the sprint: the goal,
committed, completed, added, removed and carried over (points and cards), then the burndown
day by day, then the cards carried over, then the sprint review (goal met, notes, the
outcome of each story). Every word is resolved in the view's language.
"""

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _
from fpdf import FPDF

from officina.common.pdf import FONT, new_pdf
from officina.common.spreadsheets import Row
from officina.scrum.metrics import DayPoint, SprintReport
from officina.scrum.models import Sprint
from officina.scrum.selectors import CarryOver
from officina.scrum.selectors.reviews import ReviewState

PDF_CONTENT_TYPE = "application/pdf"


@dataclass(frozen=True)
class SprintExport:
    sprint: Sprint
    report: SprintReport
    carry_over: CarryOver
    summary: str  # the report in one sentence, as the page says it
    review: ReviewState | None = None


WIDTH = 10  # the burndown's columns: every row is as wide (XLSX needs it)


def export_headers(export: SprintExport) -> list[str]:
    return [_("Sprint report"), export.sprint.name] + [""] * (WIDTH - 2)


def _totals(export: SprintExport) -> list[Row]:
    numbers = export.report.numbers
    carried = export.carry_over
    return [
        [_("Committed at the start"), numbers.committed_points, numbers.committed_items],
        [_("Completed"), numbers.completed_points, numbers.completed_items],
        [_("Added after the start"), numbers.added_points, numbers.added_items],
        [_("Removed after the start"), numbers.removed_points, numbers.removed_items],
        [_("Carried over at the close"), carried.points, len(carried.cards)],
    ]


def burndown_headers() -> list[str]:
    return [
        _("End of day"),
        _("Working day"),
        _("Work done"),
        _("Scope change"),
        _("Scope"),
        _("Completed"),
        _("Remaining"),
        _("Ideal"),
        _("Cards in scope"),
        _("Cards done"),
    ]


def _day_row(point: DayPoint, start: str, yes: str, no: str) -> Row:
    day: Row = [point.day if point.day is not None else start, yes if point.working else no]
    if not point.lived:
        return [*day, None, None, None, None, None, point.ideal, None, None]
    return [
        *day,
        point.completed_change,
        point.scope_change,
        point.scope,
        point.completed,
        point.remaining,
        point.ideal,
        point.scope_items,
        point.done_items,
    ]


def burndown_rows(report: SprintReport) -> list[Row]:
    """The start, then one row per day; days still to come have only the ideal line."""
    start, yes, no = _("Start"), _("Yes"), _("No")
    return [_day_row(point, start, yes, no) for point in [report.start, *report.days]]


def export_rows(export: SprintExport) -> Iterator[Row]:
    """The rows of the table formats, under `export_headers`, each `WIDTH` cells wide."""
    for row in _export_rows(export):
        yield row + [None] * (WIDTH - len(row))


def _export_rows(export: SprintExport) -> Iterator[Row]:
    sprint = export.sprint
    yield [_("Sprint goal"), sprint.goal, None]
    yield [_("Dates"), sprint.start_date, sprint.end_date]
    yield [_("Summary"), export.summary, None]
    yield [None]
    yield ["", _("Points"), _("Cards")]
    yield from _totals(export)
    yield [None]
    yield [_("Burndown")]
    yield [*burndown_headers()]
    yield from burndown_rows(export.report)
    if export.carry_over.cards:
        yield [None]
        yield [_("Card"), _("Points"), _("Went to")]
        for card in export.carry_over.cards:
            where = card.sprint_name or _("Product backlog")
            yield [f"#{card.number} {card.title}", card.points, where]
    yield from _review_rows(export.review)


def _review_rows(review: ReviewState | None) -> Iterator[Row]:
    """The sprint review, when someone wrote it."""
    if review is None or review.is_empty:
        return
    yield [None]
    yield [_("Sprint review")]
    yield [_("Sprint goal met"), review.goal_met_label or "-", None]
    yield [_("Notes"), review.notes, None]
    yield [_("Card"), _("Outcome"), _("Note")]
    for row in review.rows:
        yield [f"#{row.card.number} {row.card.title}", row.outcome_label or "-", row.note]


# --- PDF --------------------------------------------------------------------------------------


def _pdf_text(value: object) -> str:
    """A value as the PDF writes it (Titillium Web draws Latin-script text, "€" included)."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        value = f"{value.normalize():f}" if value else "0"
    return str(value)


def _cell_text(value: object) -> str:
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return _pdf_text(value)


def _pdf_table(pdf: FPDF, headers: list[str], rows: list[Row], widths: Sequence[float]) -> None:
    pdf.set_font(FONT, "B", 8)
    for header, width in zip(headers, widths, strict=True):
        pdf.cell(width, 6, _pdf_text(header), border=1)
    pdf.ln()
    pdf.set_font(FONT, "", 8)
    for row in rows:
        for value, width in zip(row, widths, strict=True):
            pdf.cell(width, 5, _cell_text(value), border=1)
        pdf.ln()


def _pdf_chart(pdf: FPDF, report: SprintReport) -> None:
    """The burndown drawn small: ideal (grey), scope (blue) and remaining (black)."""
    points = [report.start, *report.days]
    left, top, width, height = pdf.l_margin + 10, pdf.get_y() + 2, 170.0, 50.0
    highest = max([p.scope for p in points] + [p.ideal for p in points] + [Decimal(1)])
    steps = max(len(points) - 1, 1)

    def xy(index: int, value: Decimal) -> tuple[float, float]:
        return left + width * index / steps, top + height * (1 - float(value) / float(highest))

    pdf.set_draw_color(0, 0, 0)
    pdf.line(left, top, left, top + height)
    pdf.line(left, top + height, left + width, top + height)
    pdf.set_font(FONT, "", 7)
    pdf.text(pdf.l_margin, top + 3, _pdf_text(highest))
    pdf.text(pdf.l_margin, top + height, "0")
    lived = [(i, p) for i, p in enumerate(points) if p.lived]
    for colour, values in (
        ((150, 150, 150), [(i, p.ideal) for i, p in enumerate(points)]),
        ((0, 90, 180), [(i, p.scope) for i, p in lived]),
        ((0, 0, 0), [(i, p.remaining) for i, p in lived]),
    ):
        pdf.set_draw_color(*colour)
        if len(values) > 1:
            pdf.polyline([xy(i, v) for i, v in values])
    pdf.set_draw_color(0, 0, 0)
    pdf.set_y(top + height + 4)
    pdf.cell(0, 4, _pdf_text(_("Grey: ideal. Blue: scope. Black: remaining.")))
    pdf.ln(6)


def export_pdf(export: SprintExport) -> bytes:
    """One or two A4 pages: title, goal, summary, totals, burndown chart and table."""
    sprint = export.sprint
    pdf = new_pdf(title=f"{_('Sprint report')} {sprint.name}")
    pdf.add_page()
    pdf.set_font(FONT, "B", 14)
    pdf.multi_cell(
        0, 8, new_x="LMARGIN", new_y="NEXT", text=_pdf_text(f"{_('Sprint report')}: {sprint.name}")
    )
    pdf.set_font(FONT, "", 10)
    dates = f"{sprint.start_date:%d/%m/%Y} - {sprint.end_date:%d/%m/%Y}"
    pdf.multi_cell(0, 5, new_x="LMARGIN", new_y="NEXT", text=_pdf_text(f"{_('Dates')}: {dates}"))
    pdf.multi_cell(
        0,
        5,
        new_x="LMARGIN",
        new_y="NEXT",
        text=_pdf_text(f"{_('Sprint goal')}: {sprint.goal or '-'}"),
    )
    pdf.ln(2)
    pdf.multi_cell(0, 5, new_x="LMARGIN", new_y="NEXT", text=_pdf_text(export.summary))
    pdf.ln(2)
    _pdf_table(pdf, ["", _("Points"), _("Cards")], _totals(export), [70, 30, 30])
    pdf.ln(2)
    pdf.set_font(FONT, "B", 11)
    pdf.cell(0, 6, _pdf_text(_("Burndown")))
    pdf.ln(6)
    _pdf_chart(pdf, export.report)
    widths = [22, 16, 17, 17, 17, 17, 17, 17, 16, 16]
    _pdf_table(pdf, burndown_headers(), burndown_rows(export.report), widths)
    if export.carry_over.cards:
        pdf.ln(2)
        rows: list[Row] = [
            [f"#{c.number} {c.title}"[:60], c.points, c.sprint_name or _("Product backlog")]
            for c in export.carry_over.cards
        ]
        _pdf_table(pdf, [_("Card"), _("Points"), _("Went to")], rows, [110, 20, 50])
    if export.review is not None and not export.review.is_empty:
        _pdf_review(pdf, export.review)
    return bytes(pdf.output())


def _pdf_review(pdf: FPDF, review: ReviewState) -> None:
    pdf.ln(2)
    pdf.set_font(FONT, "B", 11)
    pdf.cell(0, 6, _pdf_text(_("Sprint review")))
    pdf.ln(6)
    pdf.set_font(FONT, "", 10)
    met = review.goal_met_label or "-"
    pdf.multi_cell(
        0, 5, new_x="LMARGIN", new_y="NEXT", text=_pdf_text(f"{_('Sprint goal met')}: {met}")
    )
    if review.notes:
        pdf.multi_cell(0, 5, new_x="LMARGIN", new_y="NEXT", text=_pdf_text(review.notes))
    pdf.ln(2)
    rows: list[Row] = [
        [f"#{row.card.number} {row.card.title}"[:60], row.outcome_label or "-", row.note[:50]]
        for row in review.rows
    ]
    _pdf_table(pdf, [_("Card"), _("Outcome"), _("Note")], rows, [90, 30, 60])
