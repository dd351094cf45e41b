"""A whole region in one installation, written with PostgreSQL's COPY (issue 9).

At `--scale 1`: 60 organisations holding 300 enti, 50,000 people (users, employments, team
memberships), about 4,000 teams with 5,000 boards (6 columns, 1-3 lanes, 4 labels each),
1,000,000 cards and about 5,000,000 card events; `--scale 0.01` is about the demo's size (500
people, 50 boards, 10,000 cards). Every row satisfies the models' constraints:
- columns are read from each model's `_meta` and every field not given here takes its model
  default, so a new field with a default needs nothing here (one without says so and stops);
- ids are given here, and each table's sequence is set past them at the end;
- open cards are ordered densely inside their cell (`position` = index), or, once the field
  exists, by a sparse `rank` = (index + 1) * 65536;
- history events have the `data` of `officina.boards.history` (created, moved, assigned,
  edited, blocked, archived) and a card's dates agree with its events (entered its column, started,
  finished, archived);
- events older than the history's retention period are stored as its daily run leaves them
  (nobody named, `redacted_at` set);
- everyone signs in with `PASSWORD` (hashed once); nobody holds a role that needs two factors.
Boards hold 50-500 cards (median about 180), 1 % of them 1,000-3,000; about two thirds of a
board's cards are archived, as on a board used for years.

The big tables (cards, events, assignees, labels) are loaded without their foreign keys and
secondary indexes, four COPY streams at once, and both are rebuilt afterwards, as pg_restore does.

    python bench/region_seed.py --scale 0.01 [--database-url postgres://…/officina_region_small]

drops and recreates the database, migrates it, seeds it and prints `name: value unit` lines
(seed time, rows, database size). A bench tool: not part of CI, and not imported by Django.
"""

import argparse
import json
import math
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Iterable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.seed_boards import (  # noqa: E402 - after the path set-up above
    LABELS,
    PASSWORD,
    REPO,
    SIX_COLUMNS,
    THREE_LANES,
    TITLES,
    bench_environment,
    log,
)

DATABASE_URL = "postgres://officina:officina@127.0.0.1:5432/officina_region"
ORGANISATIONS, ENTI, PEOPLE, BOARDS, CARDS = 60, 300, 50_000, 5_000, 1_000_000
TEAM_SIZE = 12  # people per team on average: 50,000 people make about 4,000 teams
RANK_STEP = 65536
DAY = timedelta(days=1)
FIRST_NAMES = ("Giulia", "Marco", "Anna", "Luca", "Francesca", "Paolo", "Chiara", "Davide")
LAST_NAMES = ("Rossi", "Bianchi", "Ferrari", "Esposito", "Romano", "Gallo", "Conti", "Greco")
PLACES = ("del Po", "della Valle", "dei Colli", "Montana", "della Pianura", "del Lago")
JOBS = ("Istruttore amministrativo", "Istruttore direttivo", "Educatrice", "Agente di PL")
BLOCK_REASON = "In attesa del fornitore"


# --- Tables, from the models ------------------------------------------------------------------


class Table:
    """One model's table: its columns in `_meta` order and each field's default, so that a row
    names only what the seed decides."""

    def __init__(self, model: Any) -> None:
        from django.db import models

        self.name: str = model._meta.db_table
        self.fields = list(model._meta.concrete_fields)
        self.columns = [f.column for f in self.fields]
        self.json = {f.attname for f in self.fields if isinstance(f, models.JSONField)}
        self.defaults: dict[str, Any] = {}
        now = datetime.now(UTC)
        for f in self.fields:
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                self.defaults[f.attname] = now
            elif f.has_default() or f.null or f.empty_strings_allowed:
                default = f.get_default()
                self.defaults[f.attname] = getattr(default, "value", default)  # enum → value
        self.order = [f.attname for f in self.fields]

    def has(self, attname: str) -> bool:
        return attname in self.order

    def row(self, values: dict[str, Any]) -> tuple[Any, ...]:
        missing = [name for name in self.order if name not in values and name not in self.defaults]
        if missing:
            raise ValueError(f"{self.name}: the seed gives no value for {missing}")
        out = []
        for name in self.order:
            value = values[name] if name in values else self.defaults[name]
            if name in self.json and value is not None:
                value = json.dumps(value)
            out.append(value)
        return tuple(out)

    def copy_sql(self) -> str:
        names = ", ".join(f'"{column}"' for column in self.columns)
        return f'COPY "{self.name}" ({names}) FROM STDIN'


def copy_rows(connection: Any, table: Table, rows: Iterable[dict[str, Any]]) -> int:
    count = 0
    with connection.cursor() as cursor, cursor.copy(table.copy_sql()) as copy:
        for values in rows:
            copy.write_row(table.row(values))
            count += 1
    return count


# --- The region, small tables -----------------------------------------------------------------


@dataclass
class Person:
    id: int
    name: str
    organisation_id: int


@dataclass
class BoardPlan:
    id: int
    organisation_id: int
    team_id: int
    members: list[Person]
    cards: int
    lanes: int
    column_ids: list[int] = field(default_factory=list)
    lane_ids: list[int] = field(default_factory=list)
    label_ids: list[int] = field(default_factory=list)


def shares(total: int, weights: Sequence[float], minimum: int = 1) -> list[int]:
    """`total` split by `weights`, at least `minimum` each, summing exactly to `total`."""
    scale = (total - minimum * len(weights)) / sum(weights)
    parts = [minimum + int(weight * scale) for weight in weights]
    for index in range(total - sum(parts)):
        parts[index % len(parts)] += 1
    return parts


def board_sizes(count: int, total: int, chance: random.Random) -> list[int]:
    """Cards per board: 50-500 around 180, 1 % of the boards 1,000-3,000, summing to `total`."""
    sizes = [
        chance.randint(1000, 3000)
        if chance.random() < 0.01
        else min(500, max(50, round(chance.lognormvariate(math.log(180), 0.5))))
        for _ in range(count)
    ]
    factor = total / sum(sizes)
    sizes = [max(1, round(size * factor)) for size in sizes]
    sizes[-1] += total - sum(sizes)
    return sizes


def seed_people_and_boards(
    connection: Any, tables: dict[str, Table], scale: float, chance: random.Random, now: datetime
) -> list[BoardPlan]:
    """Organisations, enti, units, people, teams and boards with their columns, lanes, labels."""
    from django.contrib.auth.hashers import make_password

    people_count = max(10, round(PEOPLE * scale))
    organisations = max(1, round(ORGANISATIONS * scale))
    weights = [chance.lognormvariate(0, 0.8) for _ in range(organisations)]
    enti_per_org = shares(max(organisations, round(ENTI * scale)), weights)
    people_per_org = shares(people_count, weights, minimum=5)
    password = make_password(PASSWORD)  # once: hashing is deliberately slow

    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in tables}
    person_id = ente_id = unit_id = team_id = membership_id = 0
    teams: list[tuple[int, int, list[Person]]] = []  # (organisation, team, members)
    for org in range(1, organisations + 1):
        many = enti_per_org[org - 1] > 1
        place = f"{PLACES[org % len(PLACES)]} {org}"
        rows["organisation"].append(
            {
                "id": org,
                "name": f"Unione {place}" if many else f"Comune {place}",
                "slug": f"regione-{org}",
                "created_at": now - 900 * DAY,
            }
        )
        units: list[tuple[int, int]] = []  # (ente, unit)
        for number in range(enti_per_org[org - 1]):
            ente_id += 1
            union = many and number == 0
            rows["ente"].append(
                {
                    "id": ente_id,
                    "organisation_id": org,
                    "kind": "union" if union else "comune",
                    "name": f"Unione {place}" if union else f"Comune {number} {place}",
                }
            )
            for unit_name in ("Servizi demografici", "Tributi", "Servizi sociali"):
                unit_id += 1
                units.append((ente_id, unit_id))
                rows["orgunit"].append(
                    {
                        "id": unit_id,
                        "organisation_id": org,
                        "ente_id": ente_id,
                        "kind": "servizio",
                        "name": unit_name,
                        "path": f"/{unit_id}/",
                    }
                )
        members: list[Person] = []
        for _ in range(people_per_org[org - 1]):
            person_id += 1
            first, last = chance.choice(FIRST_NAMES), chance.choice(LAST_NAMES)
            members.append(Person(person_id, f"{first} {last}", org))
            rows["user"].append(
                {
                    "id": person_id,
                    "email": f"persona{person_id}@regione.example.it",
                    "first_name": first,
                    "last_name": last,
                    "password": password,
                    "date_joined": now - 800 * DAY,
                }
            )
            ente, unit = chance.choice(units)
            rows["employment"].append(
                {
                    "id": person_id,
                    "organisation_id": org,
                    "user_id": person_id,
                    "ente_id": ente,
                    "org_unit_id": unit,
                    "job_title": chance.choice(JOBS),
                }
            )
        rows["roleassignment"].append(
            {"id": org, "organisation_id": org, "user_id": members[0].id, "role": "it_admin"}
        )
        # Teams of about TEAM_SIZE; one person in five is in a second team as well.
        team_count = max(1, round(len(members) / TEAM_SIZE))
        order = members[:]
        chance.shuffle(order)
        for number in range(team_count):
            team_id += 1
            crew = order[number::team_count]
            crew += [p for p in chance.sample(members, len(crew) // 5) if p not in crew]
            teams.append((org, team_id, crew))
            rows["team"].append(
                {
                    "id": team_id,
                    "organisation_id": org,
                    "name": f"Team {number + 1}",
                    "org_unit_id": chance.choice(units)[1],
                }
            )
            for index, person in enumerate(crew):
                membership_id += 1
                rows["teammembership"].append(
                    {
                        "id": membership_id,
                        "organisation_id": org,
                        "team_id": team_id,
                        "user_id": person.id,
                        "role": "lead" if index == 0 else "member",
                    }
                )

    # Boards: every team one, the rest to teams drawn at random (a team's second, third board).
    board_count = max(1, round(BOARDS * scale))
    owners = [teams[n % len(teams)] for n in range(min(board_count, len(teams)))]
    owners += [chance.choice(teams) for _ in range(board_count - len(owners))]
    sizes = board_sizes(board_count, max(board_count, round(CARDS * scale)), chance)
    plans, names_per_team = [], dict.fromkeys((t for _, t, _ in teams), 0)
    column_id = lane_id = label_id = 0
    for board_id, ((org, team, crew), size) in enumerate(zip(owners, sizes, strict=True), 1):
        names_per_team[team] += 1
        plan = BoardPlan(board_id, org, team, crew, size, lanes=chance.choice((1, 2, 3, 3)))
        rows["board"].append(
            {
                "id": board_id,
                "organisation_id": org,
                "team_id": team,
                "name": f"Bacheca {names_per_team[team]}",
                "visibility": "team",
                "next_number": size + 1,
                "version": 1,
                "created_by_id": crew[0].id,
                "created_at": now - 900 * DAY,
            }
        )
        for position, (name, stage) in enumerate(SIX_COLUMNS):
            column_id += 1
            plan.column_ids.append(column_id)
            rows["column"].append(
                {
                    "id": column_id,
                    "organisation_id": org,
                    "board_id": board_id,
                    "name": name,
                    "position": position,
                    "stage": stage,
                    "wip_limit": 10 if stage == "in_progress" else None,
                }
            )
        for position, name in enumerate(THREE_LANES[: plan.lanes]):
            lane_id += 1
            plan.lane_ids.append(lane_id)
            rows["swimlane"].append(
                {
                    "id": lane_id,
                    "organisation_id": org,
                    "board_id": board_id,
                    "name": name,
                    "position": position,
                }
            )
        for name, colour in LABELS:
            label_id += 1
            plan.label_ids.append(label_id)
            rows["label"].append(
                {
                    "id": label_id,
                    "organisation_id": org,
                    "board_id": board_id,
                    "name": name,
                    "colour": colour,
                }
            )
        rows["boardevent"].append(
            {
                "id": board_id,
                "organisation_id": org,
                "board_id": board_id,
                "kind": "board_created",
                "occurred_at": now - 900 * DAY,
                **retained(
                    "board_created",
                    now - 900 * DAY,
                    crew[0].id,
                    {"name": f"Bacheca {names_per_team[team]}", "source": "import"},
                    cutoff=retention_cutoff(now),
                    now=now,
                ),
            }
        )
        plans.append(plan)

    with connection.transaction():
        for name in SMALL_TABLES:
            copy_rows(connection, tables[name], rows[name])
    for name in SMALL_TABLES:
        print(f"region_{name}_rows: {len(rows[name])} count")
    return plans


def retention_cutoff(now: datetime) -> datetime:
    from officina.boards import history

    return history.retention_cutoff(now)


# --- Cards and their history ------------------------------------------------------------------


@dataclass
class Counters:
    card: int = 0
    event: int = 0
    assignee: int = 0
    label: int = 0
    interval: int = 0


def board_rows(
    plan: BoardPlan,
    tables: dict[str, Table],
    ids: Counters,
    chance: random.Random,
    now: datetime,
) -> dict[str, list[dict[str, Any]]]:
    """One board's cards, events, assignees, labels and blocked intervals."""
    out: dict[str, list[dict[str, Any]]] = {
        "workitem": [],
        "workitemevent": [],
        "assignees": [],
        "labels": [],
        "blockedinterval": [],
    }
    stages = [stage for _, stage in SIX_COLUMNS]
    org, board = plan.organisation_id, plan.id
    start = now - chance.uniform(120, 800) * DAY
    span = (now - start) - 10 * DAY
    use_rank = tables["workitem"].has("rank")
    cutoff = retention_cutoff(now)
    cells: dict[tuple[int, int], list[dict[str, Any]]] = {}

    def event(
        card: int, kind: str, at: datetime, by: int, data: dict[str, Any], **move: Any
    ) -> None:
        ids.event += 1
        out["workitemevent"].append(
            {
                "id": ids.event,
                "organisation_id": org,
                "board_id": board,
                "work_item_id": card,
                "kind": kind,
                "occurred_at": at,
                "created_at": at,
                **move,
                **retained(kind, at, by, data, cutoff=cutoff, now=now),
            }
        )

    for number in range(1, plan.cards + 1):
        ids.card += 1
        card = ids.card
        share = number / plan.cards
        created = start + span * share + chance.uniform(0, 1) * DAY
        lane = chance.choice(plan.lane_ids)
        author = chance.choice(plan.members).id
        title = chance.choice(TITLES).format(n=number)
        # Oldest first: two thirds archived, then some done, the newest still in the flow.
        if share < 0.66:
            final, archived = 5, True
        elif share < 0.72:
            final, archived = 5, False
        else:
            final, archived = chance.choice((1, 1, 2, 3, 3, 4)), False
        column = 1 if chance.random() < 0.85 else 0
        event(
            card,
            "created",
            created,
            author,
            {"title": title},
            to_column_id=plan.column_ids[column],
            to_swimlane_id=lane,
            to_stage=stages[column],
        )
        at, started, finished = created, None, None
        assignees: list[Person] = []
        if chance.random() < 0.6:
            assignees = chance.sample(
                plan.members, min(len(plan.members), chance.choice((1, 1, 2)))
            )
            at += timedelta(hours=chance.uniform(0.1, 8))
            added = [[p.id, p.name] for p in sorted(assignees, key=lambda p: p.id)]
            event(card, "assigned", at, author, {"added": added})
        due = None
        if chance.random() < 0.15:
            due = (created + chance.uniform(5, 60) * DAY).date()
            at += timedelta(hours=chance.uniform(0.1, 8))
            event(card, "edited", at, author, {"due_date": [None, due.isoformat()]})
        limit = now - DAY if archived or final == 5 else now
        steps = [c for c in range(column + 1, final + 1) if c == final or chance.random() < 0.7]
        for target in steps:
            at = min(limit, at + chance.expovariate(1 / 3) * DAY + timedelta(minutes=5))
            mover = (assignees[0] if assignees else chance.choice(plan.members)).id
            event(
                card,
                "moved",
                at,
                mover,
                {"position": chance.choice((0, 0, 0, 1, 2))},
                from_column_id=plan.column_ids[column],
                to_column_id=plan.column_ids[target],
                from_swimlane_id=lane,
                to_swimlane_id=lane,
                from_stage=stages[column],
                to_stage=stages[target],
            )
            if started is None and stages[target] != "not_started":
                started = at
            if stages[target] == "done":
                finished = at
            column = target
        entered = at
        blocked = not archived and final < 5 and chance.random() < 0.05
        if blocked:
            at = min(now, at + chance.uniform(0.1, 3) * DAY)
            event(card, "blocked", at, author, {"reason": BLOCK_REASON})
            ids.interval += 1
            out["blockedinterval"].append(
                {
                    "id": ids.interval,
                    "organisation_id": org,
                    "work_item_id": card,
                    "reason": BLOCK_REASON,
                    "started_at": at,
                    "created_at": at,
                }
            )
        archived_at, resolution = None, ""
        if archived:
            archived_at = min(now, at + chance.uniform(0.5, 10) * DAY)
            resolution = chance.choices(("delivered", "wont_do", "duplicate"), (90, 7, 3))[0]
            event(card, "archived", archived_at, author, {"resolution": resolution})
        values = {
            "id": card,
            "organisation_id": org,
            "board_id": board,
            "number": number,
            "title": title,
            "column_id": plan.column_ids[column],
            "swimlane_id": lane,
            "position": 0,
            "due_date": due,
            "class_of_service": "urgent" if chance.random() < 0.1 else "standard",
            "is_blocked": blocked,
            "blocked_reason": BLOCK_REASON if blocked else "",
            "created_by_id": author,
            "created_at": created,
            "updated_at": archived_at or at,
            "column_entered_at": entered,
            "started_at": started,
            "finished_at": finished,
            "archived_at": archived_at,
            "resolution": resolution,
        }
        out["workitem"].append(values)
        if not archived:
            cells.setdefault((column, lane), []).append(values)
        for person in assignees:
            ids.assignee += 1
            out["assignees"].append({"id": ids.assignee, "workitem_id": card, "user_id": person.id})
        for label in chance.sample(plan.label_ids, chance.choice((0, 0, 1, 1, 2))):
            ids.label += 1
            out["labels"].append({"id": ids.label, "workitem_id": card, "label_id": label})
    for cell in cells.values():  # newest on top, as cards are added
        for index, values in enumerate(reversed(cell)):
            values["position"] = index
            if use_rank:
                values["rank"] = (index + 1) * RANK_STEP
    return out


def retained(
    kind: str, at: datetime, by: int, data: dict[str, Any], *, cutoff: datetime, now: datetime
) -> dict[str, Any]:
    """Who acted and the event's data, as the daily retention run leaves them (R-37): erased
    before `cutoff`. Otherwise the first `officina serve` would erase them itself, millions of
    rows, while it is being measured."""
    from officina.boards.history import without_personal_details

    if at >= cutoff:
        return {"actor_id": by, "data": data}
    return {"actor_id": None, "data": without_personal_details(kind, data), "redacted_at": now}


# --- Loading the big tables as pg_restore does --------------------------------------------------


def drop_secondary(connection: Any, table: str) -> list[str]:
    """Drop `table`'s foreign keys, unique constraints and secondary indexes; return the SQL that
    puts them back (indexes first, then constraints)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = %s::regclass AND contype IN ('f', 'u')",
            [table],
        )
        constraints = cursor.fetchall()
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s AND indexname NOT IN "
            "(SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass)",
            [table, table],
        )
        indexes = cursor.fetchall()
        for name, _ in constraints:
            cursor.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
        for name, _ in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
    return [definition for _, definition in indexes] + [
        f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}'
        for name, definition in constraints
    ]


def seed_cards(
    url: str, tables: dict[str, Table], plans: list[BoardPlan], seed: int, now: datetime
) -> Counters:
    """Every board's cards and history, four COPY streams at once (one connection each)."""
    import psycopg

    streams = ("workitem", "workitemevent", "assignees", "labels")
    ids = Counters()
    intervals: list[dict[str, Any]] = []
    with ExitStack() as stack:
        connections = {name: stack.enter_context(psycopg.connect(url)) for name in streams}
        copies = {
            name: stack.enter_context(
                stack.enter_context(connections[name].cursor()).copy(tables[name].copy_sql())
            )
            for name in streams
        }
        for number, plan in enumerate(plans):
            rows = board_rows(plan, tables, ids, random.Random(seed * 100_003 + plan.id), now)
            for name in streams:
                table, copy = tables[name], copies[name]
                for values in rows[name]:
                    copy.write_row(table.row(values))
            intervals += rows["blockedinterval"]
            if number % 500 == 499:
                log(f"{number + 1} boards, {ids.card} cards, {ids.event} events")
    # Leaving the stack ends each COPY, then commits and closes its connection.
    with psycopg.connect(url) as connection, connection.transaction():
        copy_rows(connection, tables["blockedinterval"], intervals)
    return ids


def rebuild(url: str, statements: list[str]) -> None:
    """Recreate indexes and constraints, two at a time (the machine has two cores)."""
    import psycopg

    todo = list(statements)

    def work() -> None:
        with psycopg.connect(url, autocommit=True) as connection:
            connection.execute("SET maintenance_work_mem = '512MB'")
            while todo:
                statement = todo.pop(0)
                started = time.perf_counter()
                connection.execute(statement)
                if time.perf_counter() - started > 1:
                    log(f"{time.perf_counter() - started:6.1f} s  {statement[:100]}")

    threads = [threading.Thread(target=work) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def set_sequences(connection: Any, tables: Iterable[Table]) -> None:
    """Every sequence past the ids written here."""
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence(%s, 'id'), "  # noqa: S608 - _meta names
                f'COALESCE((SELECT max(id) FROM "{table.name}"), 0) + 1, false)',
                [table.name],
            )


# --- Main -------------------------------------------------------------------------------------

SMALL_TABLES = (
    "organisation",
    "ente",
    "orgunit",
    "user",
    "employment",
    "roleassignment",
    "team",
    "teammembership",
    "board",
    "column",
    "swimlane",
    "label",
    "boardevent",
)
BIG_TABLES = ("workitem", "workitemevent", "assignees", "labels", "blockedinterval")


def model_tables() -> dict[str, Table]:
    from officina.accounts.models import User
    from officina.boards.models import (
        BlockedInterval,
        Board,
        BoardEvent,
        Column,
        Label,
        Swimlane,
        WorkItem,
        WorkItemEvent,
    )
    from officina.organisations.models import (
        Employment,
        Ente,
        Organisation,
        OrgUnit,
        RoleAssignment,
        Team,
        TeamMembership,
    )

    models: dict[str, Any] = {
        "organisation": Organisation,
        "ente": Ente,
        "orgunit": OrgUnit,
        "user": User,
        "employment": Employment,
        "roleassignment": RoleAssignment,
        "team": Team,
        "teammembership": TeamMembership,
        "board": Board,
        "column": Column,
        "swimlane": Swimlane,
        "label": Label,
        "boardevent": BoardEvent,
        "workitem": WorkItem,
        "workitemevent": WorkItemEvent,
        "assignees": WorkItem.assignees.through,
        "labels": WorkItem.labels.through,
        "blockedinterval": BlockedInterval,
    }
    return {name: Table(model) for name, model in models.items()}


def recreate_database(url: str) -> None:
    import psycopg

    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    admin_url = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def database_size_mb(url: str) -> float:
    import psycopg

    with psycopg.connect(url) as connection:
        row = connection.execute("SELECT pg_database_size(current_database())").fetchone()
    return float(row[0]) / 1e6 if row else 0.0


def seed(url: str, scale: float, seed_number: int = 9) -> None:
    """Recreate, migrate and fill the database at `url`."""
    import psycopg

    started = time.perf_counter()
    recreate_database(url)
    environment = bench_environment(tempfile.mkdtemp(prefix="officina-region-"), DATABASE_URL=url)
    subprocess.run(
        [sys.executable, str(REPO / "manage.py"), "migrate", "--noinput", "-v", "0"],
        env=environment,
        cwd=REPO,
        check=True,
    )
    migrated = time.perf_counter()
    log(f"migrated in {migrated - started:.1f} s")
    os.environ.update(environment)
    import django

    django.setup()
    tables = model_tables()
    now = datetime.now(UTC).replace(microsecond=0)
    chance = random.Random(seed_number)
    with psycopg.connect(url) as connection:
        plans = seed_people_and_boards(connection, tables, scale, chance, now)
        log(f"people and {len(plans)} boards in {time.perf_counter() - migrated:.1f} s")
        with connection.transaction():
            rebuilds = [
                s for name in BIG_TABLES for s in drop_secondary(connection, tables[name].name)
            ]
    loading = time.perf_counter()
    ids = seed_cards(url, tables, plans, seed_number, now)
    loaded = time.perf_counter()
    log(f"cards and events copied in {loaded - loading:.1f} s")
    rebuild(url, rebuilds)
    rebuilt = time.perf_counter()
    with psycopg.connect(url, autocommit=True) as connection:
        set_sequences(connection, tables.values())
        connection.execute("VACUUM (ANALYZE)")
    finished = time.perf_counter()
    print(f"region_cards: {ids.card} count")
    print(f"region_events: {ids.event} count")
    print(f"region_assignees: {ids.assignee} count")
    print(f"region_card_labels: {ids.label} count")
    print(f"region_seed_copy: {loaded - loading:.1f} s")
    print(f"region_seed_indexes: {rebuilt - loaded:.1f} s")
    print(f"region_seed_vacuum: {finished - rebuilt:.1f} s")
    print(f"region_seed_total: {finished - started:.1f} s")
    print(f"region_database_size: {database_size_mb(url):.0f} MB")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="1 = the region; 0.01 ≈ the demo")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_REGION_URL", DATABASE_URL))
    parser.add_argument("--seed", type=int, default=9, help="random seed (same seed, same data)")
    arguments = parser.parse_args(argv)
    seed(arguments.database_url, arguments.scale, arguments.seed)


if __name__ == "__main__":
    main()
