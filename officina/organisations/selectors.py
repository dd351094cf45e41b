"""Reads of the organisations app. Every function takes the actor and scopes by it."""

from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet

from officina.accounts.models import User
from officina.common.exceptions import NotFound
from officina.organisations.access_cache import current_generation, remember
from officina.organisations.actor import Actor
from officina.organisations.departures import LeftWork, departures
from officina.organisations.models import (
    Employment,
    Ente,
    Organisation,
    OrganisationInvitation,
    OrgUnit,
    RoleAssignment,
    Team,
    TeamMembership,
)
from officina.organisations.permissions import (
    can_manage_person,
    managed_people_q,
    require_manage_people,
    require_view_people,
    team_visibility_q,
)

CANDIDATES_SHOWN = 20
SUCCESSORS_SHOWN = 50


def organisation_list_for_user(*, user: User) -> QuerySet[Organisation]:
    """Organisations where the user is employed or belongs to a team (as guest too)."""
    if user.is_superuser:
        return Organisation.objects.all()
    return Organisation.objects.filter(
        Q(pk__in=Employment.objects.filter(user=user, is_active=True).values("organisation"))
        | Q(pk__in=TeamMembership.objects.filter(user=user).values("organisation"))
    )


def actor_for_user(*, user: User, organisation_slug: str) -> Actor:
    """Build the actor for a signed-in user in the organisation named in the URL.

    NotFound when the organisation does not exist or the user has no place in it: a stranger
    cannot tell an existing organisation from a missing one. The facts are cached between
    requests under the access generation (one point query when cached; `access_cache.py`).
    """
    generation = current_generation()
    key = f"actor:{user.pk}:{int(user.is_superuser)}:{organisation_slug}"
    organisation, employment, roles = remember(
        key, generation, lambda: _actor_facts(user=user, organisation_slug=organisation_slug)
    )
    return Actor(
        user=user,
        organisation=organisation,
        employment=employment,
        roles=roles,
        access_generation=generation,
    )


def _actor_facts(
    *, user: User, organisation_slug: str
) -> tuple[Organisation, Employment | None, tuple[RoleAssignment, ...]]:
    # Most people are employees: their employment brings the organisation in the same query.
    employment = (
        Employment.objects.filter(organisation__slug=organisation_slug, user=user, is_active=True)
        .select_related("organisation", "ente", "org_unit")
        .order_by("pk")
        .first()
    )
    if employment is not None:
        organisation = employment.organisation
    else:
        found = organisation_list_for_user(user=user).filter(slug=organisation_slug).first()
        if found is None:
            raise NotFound
        organisation = found
    roles = tuple(
        RoleAssignment.objects.filter(organisation=organisation, user=user)
        .select_related("org_unit")
        .order_by("pk")  # the default ordering would join the person and the organisation
    )
    return organisation, employment, roles


def _members_prefetch(*, organisation: Organisation) -> Prefetch:  # type: ignore[type-arg]
    """Members with their user and, in `user.employment_list`, their job in this organisation.

    Three queries in all (teams, memberships, employments), whatever the number of teams or
    members. Guests have an empty `employment_list`.
    """
    employments = Prefetch(
        "user__employments",
        queryset=Employment.objects.filter(organisation=organisation, is_active=True)
        .select_related("ente", "org_unit")
        .order_by("pk"),
        to_attr="employment_list",
    )
    return Prefetch(
        "memberships",
        queryset=TeamMembership.objects.select_related("user")
        .prefetch_related(employments)
        .order_by("role", "user__last_name", "user__first_name"),
        to_attr="membership_list",
    )


def team_list_for_actor(*, actor: Actor) -> QuerySet[Team]:
    """Every team the actor may see in their organisation."""
    visible_ids = Team.objects.filter(organisation=actor.organisation).filter(
        team_visibility_q(actor)
    )
    return (
        Team.objects.filter(organisation=actor.organisation, pk__in=visible_ids.values("pk"))
        .select_related("org_unit")
        .order_by("name")
    )


def team_list_mine_for_actor(*, actor: Actor) -> QuerySet[Team]:
    """The teams the actor belongs to, with their members (for "Il mio lavoro")."""
    return (
        Team.objects.filter(organisation=actor.organisation, memberships__user=actor.user)
        .select_related("org_unit")
        .prefetch_related(_members_prefetch(organisation=actor.organisation))
        .order_by("name")
    )


def team_get_for_actor(*, actor: Actor, team_id: int) -> Team:
    """One visible team with its members and sharing; NotFound if missing or not visible."""
    team = (
        team_list_for_actor(actor=actor)
        .filter(pk=team_id)
        .select_related("org_unit", "org_unit__ente")
        .prefetch_related(
            _members_prefetch(organisation=actor.organisation),
            Prefetch("shared_with_enti", queryset=Ente.objects.order_by("name")),
        )
        .first()
    )
    if team is None:
        raise NotFound
    return team


def team_membership_role_for_actor(*, actor: Actor, team: Team) -> str | None:
    """The actor's role in the team, read from the prefetched members (no query)."""
    for membership in getattr(team, "membership_list", ()):
        if membership.user_id == actor.user.pk:
            return str(membership.role)
    return None


def person_list_for_actor(
    *, actor: Actor, search: str = "", ente_id: int | None = None, former: bool = False
) -> QuerySet[Employment]:
    """The staff directory of the organisation; NotFound for guests, who may not see it.

    `former`: the people who left instead, for HR (of their enti) and IT only."""
    require_view_people(actor)
    if former:
        require_manage_people(actor)
    employments = Employment.objects.filter(
        organisation=actor.organisation, is_active=not former
    ).select_related("user", "ente", "org_unit")
    if former:
        employments = employments.filter(managed_people_q(actor))
    if ente_id is not None:
        employments = employments.filter(ente_id=ente_id)
    for word in search.split():
        employments = employments.filter(
            Q(user__first_name__icontains=word)
            | Q(user__last_name__icontains=word)
            | Q(user__email__icontains=word)
            | Q(job_title__icontains=word)
            | Q(org_unit__name__icontains=word)
        )
    return employments.order_by("user__last_name", "user__first_name", "pk")


def ente_list_for_actor(*, actor: Actor) -> QuerySet[Ente]:
    """The enti of the actor's organisation."""
    return Ente.objects.filter(organisation=actor.organisation).order_by("kind", "name")


def org_unit_list_for_actor(*, actor: Actor) -> QuerySet[OrgUnit]:
    """The units of every ente of the actor's organisation, in tree order."""
    return OrgUnit.objects.filter(organisation=actor.organisation).select_related("ente")


def invitation_list_pending_for_user(*, user: User) -> QuerySet[OrganisationInvitation]:
    """The person's own pending invitations, newest first, with what each one offers.

    Not scoped by an actor: the person does not belong to the inviting organisations yet. Two
    queries (the invitations with what they point to, then their teams), however many.
    """
    return (
        OrganisationInvitation.objects.filter(
            user=user, accepted_at__isnull=True, declined_at__isnull=True
        )
        .select_related("organisation", "ente", "org_unit", "invited_by")
        .prefetch_related(Prefetch("teams", queryset=Team.objects.order_by("name")))
        .order_by("-created_at", "-pk")
    )


def invitation_count_pending_for_user(*, user: User) -> int:
    """How many invitations wait for the person's answer (one query)."""
    return OrganisationInvitation.objects.filter(
        user=user, accepted_at__isnull=True, declined_at__isnull=True
    ).count()


# --- A team's members, as its leads manage them ---------------------------------------------


def _name_search_q(search: str) -> Q:
    found = Q()
    for word in search.split():
        found &= (
            Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(email__icontains=word)
        )
    return found


def team_candidate_list_for_actor(*, actor: Actor, team: Team, search: str) -> list[User]:
    """People of the organisation who may join the team, matching `search` (20 at most).

    The organisation's people are its active employees and the guests already in one of its
    teams; nobody from outside is found here. Empty without a search.
    """
    if not search.split():
        return []
    in_organisation = Employment.objects.filter(
        organisation=actor.organisation, is_active=True
    ).values("user")
    guests = TeamMembership.objects.filter(organisation=actor.organisation).values("user")
    already = TeamMembership.objects.filter(organisation=actor.organisation, team=team).values(
        "user"
    )
    return list(
        User.objects.filter(is_active=True)
        .filter(Q(pk__in=in_organisation) | Q(pk__in=guests))
        .exclude(pk__in=already)
        .filter(_name_search_q(search))
        .prefetch_related(_employment_here(actor.organisation))
        .order_by("last_name", "first_name", "pk")[:CANDIDATES_SHOWN]
    )


def team_candidate_get_for_actor(*, actor: Actor, team: Team, user_id: int) -> User:
    """One person of the organisation who may join the team; NotFound otherwise."""
    in_organisation = Employment.objects.filter(
        organisation=actor.organisation, is_active=True
    ).values("user")
    guests = TeamMembership.objects.filter(organisation=actor.organisation).values("user")
    user = (
        User.objects.filter(is_active=True, pk=user_id)
        .filter(Q(pk__in=in_organisation) | Q(pk__in=guests))
        .first()
    )
    if user is None:
        raise NotFound
    return user


def team_member_get_for_actor(*, team: Team, user_id: int) -> TeamMembership:
    """A member of a team read with `team_get_for_actor` (from its prefetched members)."""
    for membership in getattr(team, "membership_list", ()):
        if membership.user_id == user_id:
            return membership  # type: ignore[no-any-return]
    raise NotFound


def _employment_here(organisation: Organisation) -> Prefetch:  # type: ignore[type-arg]
    return Prefetch(
        "employments",
        queryset=Employment.objects.filter(organisation=organisation, is_active=True)
        .select_related("ente")
        .order_by("pk"),
        to_attr="employment_list",
    )


# --- HR's page of a person -----------------------------------------------------------------


@dataclass(frozen=True)
class PersonRecord:
    """What HR sees of one person: the job (active or not), teams and roles, and the work
    other apps hold of them (`departures`)."""

    employment: Employment
    memberships: list[TeamMembership]
    roles: list[RoleAssignment]
    left_work: list[LeftWork]


def person_employment_get_for_actor(*, actor: Actor, user_id: int) -> Employment:
    """The person's employment here, if the actor is their HR or an IT administrator
    (active or not: a person who left is still found); NotFound otherwise."""
    employment: Employment | None = (
        Employment.objects.filter(organisation=actor.organisation, user_id=user_id)
        .filter(managed_people_q(actor))
        .select_related("user", "ente", "org_unit")
        .first()
    )
    if employment is None or not can_manage_person(actor, employment):
        raise NotFound
    return employment


def person_get_for_actor(*, actor: Actor, user_id: int) -> PersonRecord:
    """HR's page of a person (five queries, plus what the apps' departures read)."""
    employment = person_employment_get_for_actor(actor=actor, user_id=user_id)
    memberships = list(
        TeamMembership.objects.filter(organisation=actor.organisation, user_id=user_id)
        .select_related("team")
        .order_by("team__name")
    )
    roles = list(
        RoleAssignment.objects.filter(organisation=actor.organisation, user_id=user_id)
        .select_related("ente", "org_unit")
        .order_by("role", "pk")
    )
    left_work = [
        found
        for departure in departures()
        if (found := departure.left_work(organisation=actor.organisation, user=employment.user))
    ]
    return PersonRecord(employment, memberships, roles, left_work)


def person_successor_list_for_actor(
    *, actor: Actor, employment: Employment, search: str = ""
) -> list[Employment]:
    """Who may take over a leaver's work: active employees of the organisation. Without a
    search, the leaver's colleagues in their teams; with one, anyone matching (50 at most)."""
    people = (
        Employment.objects.filter(organisation=actor.organisation, is_active=True)
        .exclude(user_id=employment.user_id)
        .filter(user__is_active=True)
        .select_related("user", "ente")
    )
    if search.split():
        for word in search.split():
            people = people.filter(
                Q(user__first_name__icontains=word)
                | Q(user__last_name__icontains=word)
                | Q(user__email__icontains=word)
            )
    else:
        teams = TeamMembership.objects.filter(
            organisation=actor.organisation, user_id=employment.user_id
        ).values("team")
        colleagues = TeamMembership.objects.filter(
            organisation=actor.organisation, team__in=teams
        ).values("user")
        people = people.filter(user_id__in=colleagues)
    return list(people.order_by("user__last_name", "user__first_name", "pk")[:SUCCESSORS_SHOWN])


def person_successor_get_for_actor(*, actor: Actor, employment: Employment, user_id: int) -> User:
    """One person who may take over the leaver's work; NotFound otherwise."""
    found: Employment | None = (
        Employment.objects.filter(
            organisation=actor.organisation, is_active=True, user_id=user_id, user__is_active=True
        )
        .exclude(user_id=employment.user_id)
        .select_related("user")
        .first()
    )
    if found is None:
        raise NotFound
    return found.user


# --- The directory's export for HR ----------------------------------------------------------


def person_export_list_for_actor(
    *, actor: Actor, search: str = "", ente_id: int | None = None, former: bool = False
) -> QuerySet[Employment]:
    """The directory as filtered, limited to the people the actor manages (HR: its enti; IT:
    all), with each person's teams here: three queries whatever the number of rows."""
    require_manage_people(actor)
    teams = Prefetch(
        "user__team_memberships",
        queryset=TeamMembership.objects.filter(organisation=actor.organisation)
        .select_related("team")
        .order_by("team__name"),
        to_attr="memberships_here",
    )
    return (
        person_list_for_actor(actor=actor, search=search, ente_id=ente_id, former=former)
        .filter(managed_people_q(actor))
        .prefetch_related(teams)
    )
