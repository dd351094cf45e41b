"""Reads of the organisations app. Every function takes the actor and scopes by it."""

from django.db.models import Prefetch, Q, QuerySet

from officina.accounts.models import User
from officina.common.exceptions import NotFound
from officina.organisations.access_cache import current_generation, remember
from officina.organisations.actor import Actor
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
from officina.organisations.permissions import require_view_people, team_visibility_q


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
    *, actor: Actor, search: str = "", ente_id: int | None = None
) -> QuerySet[Employment]:
    """The staff directory of the organisation; NotFound for guests, who may not see it."""
    require_view_people(actor)
    employments = Employment.objects.filter(
        organisation=actor.organisation, is_active=True
    ).select_related("user", "ente", "org_unit")
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
