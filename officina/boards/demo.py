"""Demo boards for the three pilot teams of the demo organisation (`officina demo`).

Every card is made through the services, so it has the same event history a real one would:
each service is told when its change happened (`at`), so cards were created, moved, blocked
and commented on over the past six weeks, in office hours. Idempotent: a board that exists is
left as it is. Called through the `OFFICINA_DEMO_SEEDERS` setting, so organisations never
imports boards.
"""

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from officina.accounts.models import User
from officina.boards.builtin_templates import BUILTIN_TEMPLATES
from officina.boards.demo_data import DEMO_BOARDS, BoardSpec, CardSpec
from officina.boards.models import Board, BoardTemplate, Stage, WorkItem
from officina.boards.services.boards import board_create, board_guest_set, board_update
from officina.boards.services.cards import (
    work_item_create,
    work_item_set_archived,
    work_item_set_blocked,
)
from officina.boards.services.comments import comment_create, mention_handle
from officina.boards.services.moves import work_item_move
from officina.boards.services.structure import (
    column_update,
    label_create,
    swimlane_create,
    swimlane_update,
)
from officina.notifications.models import Notification
from officina.organisations.actor import Actor
from officina.organisations.demo import ACCOUNTS_DOMAIN
from officina.organisations.models import Organisation, Team, TeamMembership
from officina.organisations.selectors import actor_for_user

SEED = 2026
HISTORY_DAYS = 42
OFFICE_OPENS, OFFICE_MINUTES = time(8, 30), 9 * 60


def seed_demo_boards(organisation: Organisation) -> list[Board]:
    """Create the demo boards that do not exist yet; the boards created."""
    created = []
    for spec in DEMO_BOARDS:
        team = Team.objects.filter(organisation=organisation, name=spec.team).first()
        if team is None or Board.objects.filter(team=team, name=spec.name).exists():
            continue
        with transaction.atomic():
            created.append(_BoardSeeder(organisation, team, spec).seed())
            # The seeded history is the demo's past, not news: nobody is e-mailed about it
            # (the e-mail tasks, run after the commit, skip what is marked sent).
            Notification.objects.filter(organisation=organisation, emailed_at__isnull=True).update(
                emailed_at=timezone.now()
            )
    return created


# --- How a board is filled --------------------------------------------------------------------


@dataclass(order=True)
class _Step:
    """One thing that happens to a card at a point of the history (0 = oldest, 1 = today)."""

    at: float
    sequence: int
    card: int = field(compare=False)
    action: str = field(compare=False)
    column: int = field(compare=False, default=0)


def _office_moment(fraction: float, today: datetime) -> datetime:
    """A point in office hours of the past HISTORY_DAYS working days, by its fraction."""
    days = [today.date() - timedelta(days=n) for n in range(HISTORY_DAYS, 0, -1)]
    working = [day for day in days if day.weekday() < 5]
    minute = int(fraction * len(working) * OFFICE_MINUTES)
    day = working[min(minute // OFFICE_MINUTES, len(working) - 1)]
    opens = datetime.combine(day, OFFICE_OPENS, tzinfo=timezone.get_current_timezone())
    return opens + timedelta(minutes=minute % OFFICE_MINUTES)


class _BoardSeeder:
    def __init__(self, organisation: Organisation, team: Team, spec: BoardSpec) -> None:
        self.organisation, self.team, self.spec = organisation, team, spec
        # Seeded: every run builds the same demo, as organisations/demo.py does.
        self.random = random.Random(f"{SEED}-{spec.name}")  # noqa: S311
        self.today = timezone.localtime()
        self.people = self._people()
        self.actors: dict[int, Actor] = {}
        self.cards: dict[int, WorkItem] = {}

    def _people(self) -> list[User]:
        memberships = (
            TeamMembership.objects.filter(
                team=self.team,
                role__in=(TeamMembership.Role.LEAD, TeamMembership.Role.MEMBER),
                user__is_active=True,
            )
            .select_related("user")
            .order_by("pk")
        )
        people = [membership.user for membership in memberships]
        first = f"{self.spec.lead_account}@{ACCOUNTS_DOMAIN}"
        people.sort(key=lambda user: user.email != first)  # stable: the demo account first
        return people

    def _person(self, index: int) -> User:
        return self.people[index % len(self.people)]

    def _actor(self, user: User) -> Actor:
        if user.pk not in self.actors:
            self.actors[user.pk] = actor_for_user(
                user=user, organisation_slug=self.organisation.slug
            )
        return self.actors[user.pk]

    def seed(self) -> Board:
        founder = self._actor(self.people[0])
        self.board = self._create_board(
            founder, at=_office_moment(0.0, self.today) - timedelta(days=1)
        )
        self.columns = list(self.board.columns.all())
        self.lanes = list(self.board.swimlanes.all())
        self.labels = {label.name: label for label in self.board.labels.all()}
        for step in sorted(self._plan()):
            self._do(step, at=_office_moment(step.at, self.today))
        return self.board

    def _create_board(self, founder: Actor, *, at: datetime) -> Board:
        template = BoardTemplate.objects.filter(
            organisation__isnull=True, key=self.spec.template
        ).first() or BoardTemplate(  # an installation whose admin deleted the built-in one
            **next(t for t in BUILTIN_TEMPLATES if t["key"] == self.spec.template)
        )
        board = board_create(
            actor=founder,
            team=self.team,
            name=self.spec.name,
            template=template,
            description=self.spec.description,
            visibility=self.spec.visibility,
            at=at,
        )
        if self.spec.lanes:
            first, *others = self.spec.lanes
            swimlane_update(actor=founder, swimlane=board.swimlanes.get(), name=first, at=at)
            for name in others:
                swimlane_create(actor=founder, board=board, name=name, at=at)
        for name, colour in self.spec.labels:
            label_create(actor=founder, board=board, name=name, colour=colour)
        columns = list(board.columns.all())
        for index in self.spec.split_columns:
            column_update(actor=founder, column=columns[index], is_split=True, at=at)
        # The team's guests (the demo's external supplier) are invited to its board, so the
        # guest account shows what a guest sees: this board and nothing else.
        # The supplier works on the IT team's tickets, so the board lets guests edit cards (new
        # boards let them comment only: decision 0039).
        guests = TeamMembership.objects.filter(team=self.team, role=TeamMembership.Role.GUEST)
        for membership in guests.select_related("user"):
            board_guest_set(actor=founder, board=board, user=membership.user, invited=True)
        if guests.exists():
            board = board_update(
                actor=founder, board=board, guest_rights=Board.GuestRights.EDIT, at=at
            )
        return board

    def _plan(self) -> list[_Step]:
        """Each card's steps at random office moments, in its own order."""
        steps: list[_Step] = []
        for index, card in enumerate(self.spec.cards):
            path = card.path if card.path is not None else self._default_path(card.column)
            # Finished work started longer ago; new requests arrived recently.
            oldest = 0.0 if path else 0.45
            start = self.random.uniform(oldest, 0.92 - 0.08 * len(path))
            moments = sorted(self.random.uniform(start, 0.995) for _ in range(len(path) + 1))
            steps.append(_Step(start, len(steps), index, "create"))
            for column, moment in zip(path, moments, strict=False):
                steps.append(_Step(moment, len(steps), index, "move", column))
            last = moments[len(path) - 1] if path else start
            if card.ready:
                steps.append(_Step(self.random.uniform(last, 0.998), len(steps), index, "ready"))
            if card.blocked:
                steps.append(_Step(self.random.uniform(last, 0.998), len(steps), index, "block"))
            if card.comment:
                steps.append(_Step(self.random.uniform(start, 0.999), len(steps), index, "comment"))
            if card.archived:
                steps.append(_Step(self.random.uniform(last, 0.999), len(steps), index, "archive"))
        return steps

    def _default_path(self, column: int) -> tuple[int, ...]:
        """The columns a card passes through to reach `column`: one per stage, then its own."""
        path, stages = [], {self.columns[0].stage}
        for index in range(1, column + 1):
            if index == column or self.columns[index].stage not in stages:
                path.append(index)
                stages.add(self.columns[index].stage)
        return tuple(path)

    def _do(self, step: _Step, *, at: datetime) -> None:
        spec = self.spec.cards[step.card]
        assignees = [self._person(index) for index in spec.people]
        worker = self._actor(assignees[0] if assignees else self.people[0])
        card = self.cards.get(step.card)
        if step.action == "create":
            self.cards[step.card] = self._create_card(spec, assignees, at=at)
        elif step.action in ("move", "ready") and card is not None:
            column = self.columns[step.column if step.action == "move" else spec.column]
            ready = True if step.action == "ready" else None
            self.cards[step.card] = work_item_move(
                actor=worker, work_item=card, column=column, ready=ready, at=at
            )
        elif step.action == "block" and card is not None:
            self.cards[step.card] = work_item_set_blocked(
                actor=worker, work_item=card, blocked=True, reason=spec.blocked, at=at
            )
        elif step.action == "comment" and card is not None:
            mentioned = next(p for p in self.people if p not in assignees)
            body = spec.comment.format(mention=mention_handle(mentioned))
            comment_create(actor=worker, work_item=card, body=body, at=at)
        elif step.action == "archive" and card is not None:
            done = self.columns[spec.column].stage == Stage.DONE
            resolution = WorkItem.Resolution.DELIVERED if done else WorkItem.Resolution.WONT_DO
            self.cards[step.card] = work_item_set_archived(
                actor=worker, work_item=card, archived=True, resolution=resolution, at=at
            )

    def _create_card(self, spec: CardSpec, assignees: list[User], *, at: datetime) -> WorkItem:
        # The first person of the team files most requests; assignees pick them up.
        reporter = self.people[0] if self.random.random() < 0.6 else self._person(1)
        due_date: date | None = None
        if spec.due_in is not None:
            due_date = self.today.date() + timedelta(days=spec.due_in)
        return work_item_create(
            actor=self._actor(reporter),
            board=self.board,
            title=spec.title,
            column=self.columns[0],
            swimlane=self.lanes[min(spec.lane, len(self.lanes) - 1)],
            assignee_ids=[user.pk for user in assignees],
            label_ids=[self.labels[name].pk for name in spec.labels],
            due_date=due_date,
            estimate=Decimal(spec.estimate) if spec.estimate is not None else None,
            class_of_service=spec.service,
            at=at,
        )
