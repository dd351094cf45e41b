"""Importing people from a CSV or XLSX file: matching and checking every row (the file is read
by `people_files.py`).

Nothing here writes to the database. The preview and `services.people_import_apply` run the same
checks (`people_import_validate`), the second time inside the import's transaction, so a row that
became invalid after the preview stops the whole import.

An address that belongs to an account this organisation does not answer for (employed or a
guest elsewhere, an installation operator, or nobody's yet) looks exactly like a new address:
same status, no note. The import invites that person instead of linking the account, so the
preview must not say that the address exists anywhere (decision 0024).
"""

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import Exists, OuterRef
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from officina.accounts.models import User
from officina.organisations.actor import Actor
from officina.organisations.models import Employment, Ente, OrgUnit, Team, TeamMembership
from officina.organisations.people_files import (
    TEAM_SEPARATOR,
    UNIT_PATH_SEPARATOR,
    ImportRow,
    plain_text,
)
from officina.organisations.permissions import can_import_into_ente

STATUS_NEW = "new"
STATUS_UPDATE = "update"
STATUS_ERROR = "error"

_FIELD_MAX_LENGTH = {"first_name": 150, "last_name": 150, "email": 254, "job_title": 200}
_ENTE_PREFIXES = ("comune di ", "comune ")

# --- Matching against the organisation -----------------------------------------------------


@dataclass(frozen=True)
class EnteRef:
    id: int
    name: str


@dataclass(frozen=True)
class UnitRef:
    id: int
    ente_id: int
    names: tuple[str, ...]  # from the top of the ente's tree down to this unit

    @property
    def label(self) -> str:
        return " > ".join(self.names)


@dataclass(frozen=True)
class EmploymentRef:
    id: int
    user_id: int
    ente_id: int
    ente_name: str
    org_unit_id: int | None
    job_title: str


@dataclass(frozen=True)
class AccountRef:
    """An existing account named by the file. `guest_here`: it may be linked without asking,
    because it is already in one of this organisation's teams (and is no installation operator).
    """

    id: int
    guest_here: bool


@dataclass(frozen=True)
class ImportContext:
    """What rows are checked against, loaded once for the whole file."""

    enti: Sequence[EnteRef]
    units: Sequence[UnitRef]
    teams: dict[str, tuple[int, str]]  # plain name -> (id, name)
    employments: dict[str, EmploymentRef]  # e-mail -> employment in this organisation
    accounts: dict[str, AccountRef]  # e-mail -> existing account (of any organisation, or none)
    importable_ente_ids: frozenset[int]


@dataclass
class RowResult:
    """A checked row: its status, its messages and what it was matched to.

    `user_id` is the account the import writes to (an employee's, or a guest's of this
    organisation); `invitee_id` an account it may only invite. Neither shows in the preview.
    """

    row: ImportRow
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    ente: EnteRef | None = None
    unit: UnitRef | None = None
    teams: list[tuple[int, str]] = field(default_factory=list)
    user_id: int | None = None
    invitee_id: int | None = None
    employment: EmploymentRef | None = None

    @property
    def status(self) -> str:
        if self.errors:
            return STATUS_ERROR
        return STATUS_UPDATE if self.employment is not None else STATUS_NEW

    @property
    def full_name(self) -> str:
        return f"{self.row['first_name']} {self.row['last_name']}".strip()

    @property
    def team_names(self) -> str:
        return ", ".join(name for _id, name in self.teams)


def import_context_for_actor(*, actor: Actor, emails: Iterable[str]) -> ImportContext:
    """Load the organisation's enti, units, teams and the people the file names (a few queries)."""
    organisation = actor.organisation
    enti = [
        EnteRef(id=pk, name=name)
        for pk, name in Ente.objects.filter(organisation=organisation)
        .order_by()
        .values_list("pk", "name")
    ]
    units = _unit_refs(
        OrgUnit.objects.filter(organisation=organisation)
        .order_by()
        .values_list("pk", "ente_id", "parent_id", "name")
    )
    teams = {
        plain_text(name): (pk, name)
        for pk, name in Team.objects.filter(organisation=organisation)
        .order_by()
        .values_list("pk", "name")
    }
    wanted = sorted({email for email in emails if email})
    accounts: dict[str, AccountRef] = {}
    employments: dict[str, EmploymentRef] = {}
    if wanted:
        accounts = _account_refs(organisation_id=organisation.pk, emails=wanted)
        found = (
            Employment.objects.filter(organisation=organisation)
            .order_by()
            .annotate(email_key=Lower("user__email"))
            .filter(email_key__in=wanted)
            .values_list(
                "email_key", "pk", "user_id", "ente_id", "ente__name", "org_unit_id", "job_title"
            )
        )
        employments = {
            key: EmploymentRef(
                id=pk,
                user_id=user_id,
                ente_id=ente_id,
                ente_name=ente_name,
                org_unit_id=org_unit_id,
                job_title=job_title,
            )
            for key, pk, user_id, ente_id, ente_name, org_unit_id, job_title in found
        }
    return ImportContext(
        enti=enti,
        units=units,
        teams=teams,
        employments=employments,
        accounts=accounts,
        importable_ente_ids=frozenset(e.id for e in enti if can_import_into_ente(actor, e.id)),
    )


def _account_refs(*, organisation_id: int, emails: list[str]) -> dict[str, AccountRef]:
    in_team_here = TeamMembership.objects.filter(
        organisation_id=organisation_id, user=OuterRef("pk")
    )
    found = (
        User.objects.annotate(email_key=Lower("email"), in_team_here=Exists(in_team_here))
        .filter(email_key__in=emails)
        .values_list("email_key", "pk", "in_team_here", "is_staff", "is_superuser")
    )
    return {
        key: AccountRef(id=pk, guest_here=in_team and not (is_staff or is_superuser))
        for key, pk, in_team, is_staff, is_superuser in found
    }


def _unit_refs(rows: Iterable[tuple[int, int, int | None, str]]) -> list[UnitRef]:
    by_id = {pk: (parent_id, name, ente_id) for pk, ente_id, parent_id, name in rows}

    def names(pk: int) -> tuple[str, ...]:
        chain: list[str] = []
        current: int | None = pk
        while current is not None and current in by_id and len(chain) < 50:
            parent_id, name, _ente_id = by_id[current]
            chain.append(name)
            current = parent_id
        return tuple(reversed(chain))

    return [UnitRef(id=pk, ente_id=value[2], names=names(pk)) for pk, value in by_id.items()]


def people_import_validate(*, actor: Actor, rows: Sequence[ImportRow]) -> list[RowResult]:
    """Check every row against the actor's organisation and rights (reads only)."""
    context = import_context_for_actor(actor=actor, emails=(row["email"] for row in rows))
    return validate_rows(rows, context)


def validate_rows(rows: Sequence[ImportRow], context: ImportContext) -> list[RowResult]:
    """Check rows against a loaded context: pure, no database access."""
    matcher = _Matcher(context)
    first_line_of: dict[str, int] = {}
    results = []
    for row in rows:
        result = RowResult(row=row)
        _check_fields(result)
        email = row["email"]
        if email and email in first_line_of:
            result.errors.append(
                _("E-mail address repeated in the file (first on line %(line)s).")
                % {"line": first_line_of[email]}
            )
        first_line_of.setdefault(email, row["line"])
        matcher.match(result)
        results.append(result)
    return results


def _check_fields(result: RowResult) -> None:
    row = result.row
    if not row["first_name"] or not row["last_name"]:
        result.errors.append(_("First name or last name missing."))
    if not row["email"]:
        result.errors.append(_("E-mail address missing."))
    else:
        try:
            validate_email(row["email"])
        except ValidationError:
            result.errors.append(_("Invalid e-mail address: %(email)s.") % {"email": row["email"]})
    for key, limit in _FIELD_MAX_LENGTH.items():
        value = str(row.get(key, ""))
        if len(value) > limit:
            result.errors.append(
                _("Too long: %(value)s… (at most %(max)s characters).")
                % {"value": value[:30], "max": limit}
            )


class _Matcher:
    """Finds a row's ente, unit, teams and existing person in the loaded context."""

    def __init__(self, context: ImportContext) -> None:
        self.context = context
        self.enti_exact = {plain_text(e.name): e for e in context.enti}
        self.enti_short: dict[str, list[EnteRef]] = {}
        for ente in context.enti:
            self.enti_short.setdefault(_without_prefix(plain_text(ente.name)), []).append(ente)
        self.units_by_name: dict[tuple[int, str], list[UnitRef]] = {}
        for unit in context.units:
            key = (unit.ente_id, plain_text(unit.names[-1]))
            self.units_by_name.setdefault(key, []).append(unit)

    def match(self, result: RowResult) -> None:
        row = result.row
        result.ente = self._ente(result)
        if result.ente is not None and row["org_unit"]:
            result.unit = self._unit(result, result.ente)
        result.teams = self._teams(result)
        self._person(result)
        self._check_rights(result)

    def _person(self, result: RowResult) -> None:
        """Employees and guests of this organisation are written to; anyone else is invited."""
        email = result.row["email"]
        result.employment = self.context.employments.get(email)
        account = self.context.accounts.get(email)
        if result.employment is not None:
            result.user_id = result.employment.user_id
        elif account is not None and account.guest_here:
            result.user_id = account.id
        elif account is not None:
            result.invitee_id = account.id

    def _ente(self, result: RowResult) -> EnteRef | None:
        text = result.row["ente"]
        if not text:
            result.errors.append(_("Public body missing."))
            return None
        ente = self.enti_exact.get(plain_text(text))
        candidates = self.enti_short.get(_without_prefix(plain_text(text)), [])
        if ente is None and len(candidates) == 1:
            ente = candidates[0]
        if ente is None:
            result.errors.append(_("Unknown public body: %(ente)s.") % {"ente": text})
        return ente

    def _unit(self, result: RowResult, ente: EnteRef) -> UnitRef | None:
        text = result.row["org_unit"]
        wanted = tuple(plain_text(part) for part in text.split(UNIT_PATH_SEPARATOR) if part.strip())
        candidates = [
            unit
            for unit in self.units_by_name.get((ente.id, wanted[-1] if wanted else ""), [])
            if tuple(plain_text(name) for name in unit.names[-len(wanted) :]) == wanted
        ]
        if len(candidates) == 1:
            return candidates[0]
        values = {"unit": text, "ente": ente.name}
        if candidates:
            result.errors.append(
                _(
                    "Several units of %(ente)s are called “%(unit)s”: write the path, "
                    "for example “Settore > Servizio”."
                )
                % values
            )
        else:
            result.errors.append(_("Unknown unit in %(ente)s: %(unit)s.") % values)
        return None

    def _teams(self, result: RowResult) -> list[tuple[int, str]]:
        teams: list[tuple[int, str]] = []
        for name in result.row["teams"].split(TEAM_SEPARATOR):
            if not name.strip():
                continue
            team = self.context.teams.get(plain_text(name))
            if team is None:
                result.errors.append(_("Unknown team: %(team)s.") % {"team": name.strip()})
            elif team not in teams:
                teams.append(team)
        return teams

    def _check_rights(self, result: RowResult) -> None:
        allowed = self.context.importable_ente_ids
        if result.ente is not None and result.ente.id not in allowed:
            result.errors.append(
                _("You may not import people into %(ente)s.") % {"ente": result.ente.name}
            )
        employment = result.employment
        if employment is not None and employment.ente_id not in allowed:
            result.errors.append(
                _("This person works for %(ente)s, whose staff you do not manage.")
                % {"ente": employment.ente_name}
            )
        elif employment is not None:
            result.notes.append(
                _("Already employed here: job title, unit and teams will be updated.")
            )
        elif result.user_id is not None:
            # Only a guest of this organisation's teams: an account elsewhere gets no note.
            result.notes.append(
                _("Already a guest in a team here: their account will be linked, name unchanged.")
            )


def _without_prefix(plain_name: str) -> str:
    for prefix in _ENTE_PREFIXES:
        if plain_name.startswith(prefix):
            return plain_name[len(prefix) :]
    return plain_name


def iter_errors(results: Iterable[RowResult]) -> Iterator[RowResult]:
    """The rows that stop the import."""
    return (result for result in results if result.errors)
