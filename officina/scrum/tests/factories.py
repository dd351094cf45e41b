"""Scrum boards and sprints for tests and benchmarks, built directly (no services)."""

from datetime import date
from typing import Any

from officina.boards.models import Board
from officina.boards.tests.factories import make_board
from officina.organisations.models import Team
from officina.scrum.models import EstimateScale, Retrospective, ScrumSettings, Sprint


def make_scrum_board(*, team: Team, scale: str = EstimateScale.FIBONACCI, **fields: Any) -> Board:
    """A board with the basic columns (Da fare, In corso, Fatto) that uses Scrum."""
    board = make_board(team=team, **fields)
    ScrumSettings.objects.create(
        organisation_id=board.organisation_id, board=board, estimate_scale=scale
    )
    return board


def make_sprint(
    *,
    board: Board,
    name: str = "Sprint 1",
    start_date: date = date(2024, 3, 4),
    end_date: date = date(2024, 3, 8),
    **fields: object,
) -> Sprint:
    return Sprint.objects.create(
        organisation_id=board.organisation_id,
        board=board,
        name=name,
        start_date=start_date,
        end_date=end_date,
        **fields,
    )


def make_retrospective(
    *, board: Board, title: str = "Retrospettiva", fmt: str = "classic", **fields: object
) -> Retrospective:
    return Retrospective.objects.create(
        organisation_id=board.organisation_id, board=board, title=title, format=fmt, **fields
    )
