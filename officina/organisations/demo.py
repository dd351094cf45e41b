"""The demo organisation: the Unione Tresinaro Secchia and its six comuni (`officina demo`).

Built in one transaction with bulk inserts and a single password hash, so the first `make run`
takes seconds. People are invented (Faker it_IT, seeded, so every run builds the same data);
e-mail domains end in example.it; tax and IPA codes stay empty because they are never invented.
Demo data is not audited: the audit log records what people do, not how the demo was set up.

Longer than 400 lines because most of it is data (the enti, their units, the roles and teams
of the demo accounts), which reads best in one place.
"""

import unicodedata
from collections import defaultdict
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from officina.accounts.models import User
from officina.organisations.models import (
    Employment,
    Ente,
    Organisation,
    OrgUnit,
    RoleAssignment,
    Team,
    TeamMembership,
)
from officina.organisations.services.teams import org_unit_path

DEMO_SLUG = "tresinaro-secchia"
DEMO_NAME = "Unione Tresinaro Secchia"
DEMO_PASSWORD = "officina-demo"  # noqa: S105 - published on purpose: every demo account uses it
ACCOUNTS_DOMAIN = "demo.officina.example.it"
SEED = 2026

SETTORE, SERVIZIO, UFFICIO = OrgUnit.Kind.SETTORE, OrgUnit.Kind.SERVIZIO, OrgUnit.Kind.UFFICIO
UNION, SCANDIANO, CASALGRANDE = DEMO_NAME, "Comune di Scandiano", "Comune di Casalgrande"
AMMINISTRATIVO = "Istruttore amministrativo"
DIRETTIVO = "Istruttore direttivo amministrativo"
EDUCATRICE = "Educatrice"
SIA = ("Servizio informativo associato",)
PERSONE = ("Settore servizi alla persona",)
SCUOLE = (*PERSONE, "Scuole dell'infanzia e nidi")
ANAGRAFE = ("Settore affari generali", "Anagrafe e stato civile")
PROTOCOLLO = ("Settore affari generali", "Protocollo e archivio")


@dataclass(frozen=True)
class UnitSpec:
    """A unit of a demo ente; `weight` is its share of the ente's staff, `titles` their jobs."""

    name: str
    kind: str
    weight: int = 0
    titles: tuple[str, ...] = (AMMINISTRATIVO,)
    children: tuple["UnitSpec", ...] = ()


@dataclass(frozen=True)
class EnteSpec:
    """A demo ente with its e-mail domain, its head count and its units."""

    name: str
    kind: str
    domain: str
    staff: int
    units: tuple[UnitSpec, ...]


@dataclass(frozen=True)
class DemoAccount:
    """A documented account to sign in with, one per role."""

    local_part: str
    first_name: str
    last_name: str
    description: Promise
    ente: str | None = None
    unit: tuple[str, ...] = ()
    job_title: str = ""

    @property
    def email(self) -> str:
        return f"{self.local_part}@{ACCOUNTS_DOMAIN}"


def _email_part(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(char for char in ascii_text.lower() if char.isalnum())


def _police(town: str, weight: int) -> UnitSpec:
    titles = ("Agente di polizia locale",) * 4 + ("Ispettore di polizia locale",)
    return UnitSpec(f"Presidio territoriale di {town}", SERVIZIO, weight, titles)


UNION_UNITS = (
    UnitSpec("Segreteria generale", SETTORE, 4, (AMMINISTRATIVO, DIRETTIVO)),
    UnitSpec(
        SIA[0],
        SETTORE,
        9,
        ("Funzionario informatico", "Istruttore informatico", "Istruttore informatico"),
    ),
    UnitSpec(
        "Corpo unico di polizia locale",
        SETTORE,
        children=(
            UnitSpec(
                "Comando e centrale operativa",
                SERVIZIO,
                10,
                ("Agente di polizia locale", "Ispettore di polizia locale", AMMINISTRATIVO),
            ),
            _police("Scandiano", 18),
            _police("Casalgrande", 14),
            _police("Rubiera", 12),
        ),
    ),
    UnitSpec(
        "Servizi sociali",
        SETTORE,
        children=(
            UnitSpec(
                "Servizio sociale territoriale",
                SERVIZIO,
                22,
                ("Assistente sociale", "Assistente sociale", "Educatore professionale"),
            ),
            UnitSpec(
                "Servizio anziani e disabili",
                SERVIZIO,
                14,
                ("Operatore socio-sanitario", "Assistente sociale", AMMINISTRATIVO),
            ),
        ),
    ),
    UnitSpec(
        "Personale",
        SETTORE,
        children=(
            UnitSpec("Ufficio personale associato", UFFICIO, 10, (AMMINISTRATIVO, DIRETTIVO)),
        ),
    ),
    UnitSpec("Centrale unica di committenza", SERVIZIO, 5, (DIRETTIVO, AMMINISTRATIVO)),
    UnitSpec("Protezione civile", SERVIZIO, 3, ("Istruttore tecnico",)),
)


def _comune_units(*, small: bool, preschools: bool) -> tuple[UnitSpec, ...]:
    """The units of a comune: a small one has fewer; some run their own preschools."""
    generali = UnitSpec(
        ANAGRAFE[0],
        SETTORE,
        2 if small else 3,
        (AMMINISTRATIVO, DIRETTIVO),
        children=(
            UnitSpec(ANAGRAFE[1], UFFICIO, 4 if small else 8),
            UnitSpec(PROTOCOLLO[1], UFFICIO, 2 if small else 4, (AMMINISTRATIVO, "Esecutore")),
        ),
    )
    finanziario = UnitSpec(
        "Settore finanziario",
        SETTORE,
        children=(
            UnitSpec("Ragioneria", SERVIZIO, 4 if small else 6, ("Istruttore contabile",)),
            *(() if small else (UnitSpec("Tributi", SERVIZIO, 4, ("Istruttore contabile",)),)),
        ),
    )
    tecnico = UnitSpec(
        "Settore tecnico" if small else "Settore lavori pubblici e patrimonio",
        SETTORE,
        children=(
            UnitSpec(
                "Lavori pubblici",
                SERVIZIO,
                5,
                ("Istruttore tecnico", "Istruttore direttivo tecnico"),
            ),
            UnitSpec("Manutenzioni", SERVIZIO, 5 if small else 8, ("Operaio specializzato",)),
        ),
    )
    if small:
        return (generali, finanziario, tecnico)
    persona_children: tuple[UnitSpec, ...] = (
        UnitSpec("Biblioteca", SERVIZIO, 3, ("Istruttore culturale",)),
    )
    if preschools:
        schools = UnitSpec(
            SCUOLE[1],
            SERVIZIO,
            20,
            (EDUCATRICE, EDUCATRICE, EDUCATRICE, "Collaboratrice scolastica"),
        )
        persona_children = (schools, *persona_children)
    persona = UnitSpec(PERSONE[0], SETTORE, 2, (DIRETTIVO,), persona_children)
    territorio = UnitSpec(
        "Settore uso e assetto del territorio",
        SETTORE,
        5,
        ("Istruttore tecnico", "Istruttore direttivo tecnico"),
    )
    return (generali, finanziario, tecnico, persona, territorio)


def _comune(name: str, staff: int, *, small: bool = False, preschools: bool = False) -> EnteSpec:
    domain = "comune." + _email_part(name.removeprefix("Comune di "))
    units = _comune_units(small=small, preschools=preschools)
    return EnteSpec(name, Ente.Kind.COMUNE, domain, staff, units)


ENTI = (
    EnteSpec(UNION, Ente.Kind.UNION, "unionetresinarosecchia", 130, UNION_UNITS),
    _comune("Comune di Baiso", 25, small=True),
    _comune(CASALGRANDE, 95, preschools=True),
    _comune("Comune di Castellarano", 75),
    _comune("Comune di Rubiera", 75, preschools=True),
    _comune(SCANDIANO, 125, preschools=True),
    _comune("Comune di Viano", 25, small=True),
)

DEMO_ACCOUNTS = (
    DemoAccount(
        "admin",
        "Stefano",
        "Incerti",
        _("IT administrator of the organisation"),
        UNION,
        SIA,
        "Funzionario informatico",
    ),
    DemoAccount(
        "hr",
        "Laura",
        "Montanari",
        _("HR office of the Union, acting for every ente"),
        UNION,
        ("Personale", "Ufficio personale associato"),
        DIRETTIVO,
    ),
    DemoAccount(
        "dirigente",
        "Roberta",
        "Valli",
        _("Manager (dirigente) of the services to people department of Scandiano"),
        SCANDIANO,
        PERSONE,
        "Dirigente",
    ),
    DemoAccount(
        "dpo",
        "Enrico",
        "Ganassi",
        _("Data protection officer (DPO), read-only"),
        UNION,
        ("Segreteria generale",),
        "Responsabile della protezione dei dati",
    ),
    DemoAccount(
        "dipendente",
        "Chiara",
        "Ferrari",
        _("Employee: educator in Scandiano, member of the educators' team"),
        SCANDIANO,
        SCUOLE,
        EDUCATRICE,
    ),
    DemoAccount(
        "lead",
        "Marco",
        "Bertolini",
        _("Lead of the IT team (SIA)"),
        UNION,
        SIA,
        "Funzionario informatico",
    ),
    DemoAccount(
        "ospite", "Davide", "Rinaldi", _("Guest: an external supplier in the IT team (SIA)")
    ),
    DemoAccount(
        "root", "Gestore", "Installazione", _("Superuser of the installation (Django admin)")
    ),
)

TEAM_SIA = "Team SIA – Servizio informativo"
TEAM_SPORTELLO = "Sportello unico e anagrafe"
TEAM_EDUCATRICI = "Educatrici 0-6 Scandiano–Casalgrande"


class DemoConflictError(Exception):
    """Demo accounts exist without the demo organisation: the database was edited by hand."""


def demo_exists() -> bool:
    """Whether the demo organisation is already in the database."""
    return Organisation.objects.filter(slug=DEMO_SLUG).exists()


@transaction.atomic
def demo_build(*, password: str = DEMO_PASSWORD, seed: int = SEED) -> Organisation:
    """Create the demo organisation with its enti, units, ~550 people, teams and accounts."""
    if User.objects.filter(email__endswith=f"@{ACCOUNTS_DOMAIN}").exists():
        raise DemoConflictError
    return _DemoBuilder(password_hash=make_password(password), seed=seed).build()


def _shares(total: int, weights: list[int]) -> list[int]:
    """Split `total` in proportion to `weights` (largest remainder, deterministic)."""
    weight_sum = sum(weights)
    exact = [total * weight / weight_sum for weight in weights]
    counts = [int(share) for share in exact]
    by_remainder = sorted(range(len(weights)), key=lambda i: counts[i] - exact[i])
    for index in by_remainder[: total - sum(counts)]:
        counts[index] += 1
    return counts


UnitKey = tuple[str, tuple[str, ...]]  # (ente name, unit names from the top)
_PendingUnits = list[tuple[Ente, tuple[str, ...], UnitSpec, OrgUnit | None]]


class _DemoBuilder:
    """Holds the objects created so far, so each step can link to the previous ones."""

    def __init__(self, *, password_hash: str, seed: int) -> None:
        self.password_hash = password_hash
        # Imported here: Faker takes a third of a second to load and only a first run needs it.
        from faker import Faker

        self.fake = Faker("it_IT")
        self.fake.seed_instance(seed)
        self.random = self.fake.random  # seeded with the names: the same data on every run
        self.emails: set[str] = set()
        self.enti: dict[str, Ente] = {}
        self.units: dict[UnitKey, OrgUnit] = {}
        self.staff: dict[UnitKey, list[tuple[User, str]]] = defaultdict(list)
        self.accounts: dict[str, User] = {}

    def build(self) -> Organisation:
        self.organisation = Organisation.objects.create(name=DEMO_NAME, slug=DEMO_SLUG)
        enti = Ente.objects.bulk_create(
            Ente(organisation=self.organisation, name=spec.name, kind=spec.kind) for spec in ENTI
        )
        self.enti = {ente.name: ente for ente in enti}
        self._create_units()
        self._create_people()
        self._create_teams()
        self._create_roles()
        return self.organisation

    def _create_units(self) -> None:
        """Create the unit trees one level at a time; a path needs the parent's saved id."""
        level: _PendingUnits = [
            (self.enti[ente.name], (spec.name,), spec, None) for ente in ENTI for spec in ente.units
        ]
        while level:
            units = OrgUnit.objects.bulk_create(
                OrgUnit(
                    organisation=self.organisation,
                    ente=ente,
                    parent=parent,
                    name=spec.name,
                    kind=spec.kind,
                )
                for ente, _path, spec, parent in level
            )
            for unit in units:
                unit.path = org_unit_path(unit=unit)
            OrgUnit.objects.bulk_update(units, ["path"])
            next_level: _PendingUnits = []
            for (ente, path, spec, _parent), unit in zip(level, units, strict=True):
                self.units[(ente.name, path)] = unit
                next_level += [(ente, (*path, child.name), child, unit) for child in spec.children]
            level = next_level

    def _staffed_units(self, ente: EnteSpec) -> list[tuple[tuple[str, ...], UnitSpec]]:
        found: list[tuple[tuple[str, ...], UnitSpec]] = []
        pending: list[tuple[tuple[str, ...], UnitSpec]] = [((s.name,), s) for s in ente.units]
        while pending:
            path, spec = pending.pop(0)
            if spec.weight:
                found.append((path, spec))
            pending += [((*path, child.name), child) for child in spec.children]
        return found

    def _create_people(self) -> None:
        people: list[tuple[User, UnitKey | None, str]] = []
        for account in DEMO_ACCOUNTS:
            user = self._user(account.first_name, account.last_name, account.email)
            self.accounts[account.local_part] = user
            key = (account.ente, account.unit) if account.ente else None
            people.append((user, key, account.job_title))
        for ente in ENTI:
            units = self._staffed_units(ente)
            demo_staff = sum(1 for account in DEMO_ACCOUNTS if account.ente == ente.name)
            counts = _shares(ente.staff - demo_staff, [spec.weight for _path, spec in units])
            for (path, spec), count in zip(units, counts, strict=True):
                people += [self._employee(ente, path, spec) for _index in range(count)]
        User.objects.bulk_create(user for user, _key, _title in people)
        self.accounts["root"].is_superuser = self.accounts["root"].is_staff = True
        User.objects.bulk_update([self.accounts["root"]], ["is_superuser", "is_staff"])
        employments = []
        for user, key, title in people:
            if key is None:
                continue
            self.staff[key].append((user, title))
            employments.append(
                Employment(
                    organisation=self.organisation,
                    user=user,
                    ente=self.enti[key[0]],
                    org_unit=self.units[key],
                    job_title=title,
                )
            )
        Employment.objects.bulk_create(employments)

    def _employee(
        self, ente: EnteSpec, path: tuple[str, ...], spec: UnitSpec
    ) -> tuple[User, UnitKey, str]:
        title = self.random.choice(spec.titles)
        female = title.split()[0].endswith("trice") or self.random.random() < 0.55
        first = self.fake.first_name_female() if female else self.fake.first_name_male()
        last = self.fake.last_name()
        local = f"{_email_part(first)}.{_email_part(last)}"
        email, suffix = f"{local}@{ente.domain}.example.it", 1
        while email in self.emails:
            suffix += 1
            email = f"{local}{suffix}@{ente.domain}.example.it"
        return self._user(first, last, email), (ente.name, path), title

    def _user(self, first_name: str, last_name: str, email: str) -> User:
        self.emails.add(email)
        return User(
            email=email, first_name=first_name, last_name=last_name, password=self.password_hash
        )

    def _create_teams(self) -> None:
        sia, sportello, educatrici = Team.objects.bulk_create(
            [
                Team(
                    organisation=self.organisation,
                    name=TEAM_SIA,
                    description="Gestione dei sistemi informativi dell'Unione e dei Comuni.",
                    org_unit=self.units[(UNION, SIA)],
                    visibility=Team.Visibility.ORGANISATION,
                ),
                Team(
                    organisation=self.organisation,
                    name=TEAM_SPORTELLO,
                    description="Sportello al cittadino: anagrafe, stato civile e protocollo.",
                    org_unit=self.units[(SCANDIANO, ANAGRAFE)],
                    visibility=Team.Visibility.ENTI,
                ),
                Team(
                    organisation=self.organisation,
                    name=TEAM_EDUCATRICI,
                    description="Progetto educativo comune dei servizi 0-6 dei due Comuni.",
                    org_unit=self.units[(SCANDIANO, SCUOLE)],
                    visibility=Team.Visibility.TEAM,
                ),
            ]
        )
        sportello.shared_with_enti.add(self.enti[SCANDIANO])
        role = TeamMembership.Role
        members = [
            (sia, self.accounts["lead"], role.LEAD),
            (sia, self.accounts["admin"], role.MEMBER),
        ]
        demo_users = set(self.accounts.values())
        members += [
            (sia, user, role.MEMBER)
            for user, _title in self.staff[(UNION, SIA)]
            if user not in demo_users
        ]
        members.append((sia, self.accounts["ospite"], role.GUEST))
        desk = self.staff[(SCANDIANO, ANAGRAFE)][:7] + self.staff[(SCANDIANO, PROTOCOLLO)][:3]
        members += [
            (sportello, user, role.LEAD if index == 0 else role.MEMBER)
            for index, (user, _title) in enumerate(desk)
        ]
        members += [
            (educatrici, user, role.LEAD if index == 0 else role.MEMBER)
            for index, user in enumerate(self._educators())
        ]
        TeamMembership.objects.bulk_create(
            TeamMembership(organisation=self.organisation, team=team, user=user, role=member_role)
            for team, user, member_role in members
        )

    def _educators(self) -> list[User]:
        """Educators of two comuni: the first of Scandiano leads, the demo employee is one."""
        picked = []
        for comune, how_many in ((SCANDIANO, 7), (CASALGRANDE, 6)):
            staff = self.staff[(comune, SCUOLE)]
            picked += [
                user
                for user, title in staff
                if title == EDUCATRICE and user != self.accounts["dipendente"]
            ][:how_many]
        picked.insert(1, self.accounts["dipendente"])
        return picked

    def _create_roles(self) -> None:
        accounts, role = self.accounts, RoleAssignment.Role
        organisation = self.organisation
        assignments = [
            RoleAssignment(organisation=organisation, user=accounts["admin"], role=role.IT_ADMIN),
            RoleAssignment(organisation=organisation, user=accounts["dpo"], role=role.DPO),
            RoleAssignment(
                organisation=organisation,
                user=accounts["dirigente"],
                role=role.MANAGER,
                org_unit=self.units[(SCANDIANO, PERSONE)],
            ),
        ]
        assignments += [
            RoleAssignment(organisation=organisation, user=accounts["hr"], role=role.HR, ente=ente)
            for ente in self.enti.values()
        ]
        RoleAssignment.objects.bulk_create(assignments)
