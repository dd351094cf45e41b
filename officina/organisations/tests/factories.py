"""Factories that build one consistent tenant: children take their organisation from parents."""

import factory
from factory.django import DjangoModelFactory

from officina.accounts.models import User
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

TEST_PASSWORD = "officina-test-password"


class UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"persona{n}@example.org")
    first_name = factory.Faker("first_name", locale="it_IT")
    last_name = factory.Faker("last_name", locale="it_IT")
    password = factory.django.Password(TEST_PASSWORD)


class OrganisationFactory(DjangoModelFactory[Organisation]):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Unione {n}")
    slug = factory.Sequence(lambda n: f"unione-{n}")


class EnteFactory(DjangoModelFactory[Ente]):
    class Meta:
        model = Ente

    organisation = factory.SubFactory(OrganisationFactory)
    kind = Ente.Kind.COMUNE
    name = factory.Sequence(lambda n: f"Comune {n}")


class OrgUnitFactory(DjangoModelFactory[OrgUnit]):
    class Meta:
        model = OrgUnit
        skip_postgeneration_save = True

    ente = factory.SubFactory(EnteFactory)
    organisation = factory.SelfAttribute("ente.organisation")
    name = factory.Sequence(lambda n: f"Servizio {n}")
    kind = OrgUnit.Kind.SERVIZIO

    @factory.post_generation
    def set_path(obj: OrgUnit, create: bool, extracted: object, **kwargs: object) -> None:  # noqa: N805
        prefix = obj.parent.path if obj.parent is not None else "/"
        obj.path = f"{prefix}{obj.pk}/"
        if create:
            obj.save(update_fields=["path"])


class EmploymentFactory(DjangoModelFactory[Employment]):
    class Meta:
        model = Employment

    user = factory.SubFactory(UserFactory)
    ente = factory.SubFactory(EnteFactory)
    organisation = factory.SelfAttribute("ente.organisation")
    job_title = "Istruttore amministrativo"


class TeamFactory(DjangoModelFactory[Team]):
    class Meta:
        model = Team

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Team {n}")


class TeamMembershipFactory(DjangoModelFactory[TeamMembership]):
    class Meta:
        model = TeamMembership

    team = factory.SubFactory(TeamFactory)
    organisation = factory.SelfAttribute("team.organisation")
    user = factory.SubFactory(UserFactory)
    role = TeamMembership.Role.MEMBER


class RoleAssignmentFactory(DjangoModelFactory[RoleAssignment]):
    class Meta:
        model = RoleAssignment

    organisation = factory.SubFactory(OrganisationFactory)
    user = factory.SubFactory(UserFactory)
    role = RoleAssignment.Role.IT_ADMIN


class OrganisationInvitationFactory(DjangoModelFactory[OrganisationInvitation]):
    """A pending invitation into the ente's organisation, sent by one of its IT administrators."""

    class Meta:
        model = OrganisationInvitation
        skip_postgeneration_save = True

    ente = factory.SubFactory(EnteFactory)
    organisation = factory.SelfAttribute("ente.organisation")
    user = factory.SubFactory(UserFactory)
    invited_by = factory.SubFactory(UserFactory)
    job_title = "Istruttore amministrativo"

    @factory.post_generation
    def teams(obj: OrganisationInvitation, create: bool, extracted: object, **kw: object) -> None:  # noqa: N805
        if create and extracted:
            obj.teams.set(extracted)  # type: ignore[arg-type]
