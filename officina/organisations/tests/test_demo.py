"""`officina demo`: the Union and six comuni, ~550 people, three teams, an account per role."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from officina.accounts.models import User
from officina.audit.models import AuditEvent
from officina.organisations.demo import (
    DEMO_ACCOUNTS,
    DEMO_PASSWORD,
    DEMO_SLUG,
    TEAM_EDUCATRICI,
    TEAM_SIA,
    TEAM_SPORTELLO,
)
from officina.organisations.models import Employment, Ente, Organisation, Team, TeamMembership
from officina.organisations.selectors import team_list_for_actor
from officina.organisations.tests.factories import (
    EmploymentFactory,
    EnteFactory,
    OrganisationFactory,
    TeamFactory,
    TeamMembershipFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

# Queries of "Il mio lavoro" on a person's first visit: session, user, access generation,
# employment with its organisation, roles, teams, members, pending invitations. The same for a
# team of 15 in an organisation of 550 as for a team of 2 in an organisation of 1: nothing on the
# page is read per person or per team.
HOME_QUERIES = 10  # plus the session query with database sessions


def run_demo(*args: str) -> str:
    out = StringIO()
    call_command("demo", "--force", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def demo() -> Organisation:
    run_demo()
    return Organisation.objects.get(slug=DEMO_SLUG)


def account(local_part: str) -> User:
    return User.objects.get(email=f"{local_part}@demo.officina.example.it")


def test_demo_creates_the_union_and_its_six_comuni(demo):
    # when
    enti = {ente.name: ente for ente in Ente.objects.filter(organisation=demo)}
    # then
    assert demo.name == "Unione Tresinaro Secchia"
    assert {name: ente.kind for name, ente in enti.items()} == {
        "Unione Tresinaro Secchia": Ente.Kind.UNION,
        "Comune di Baiso": Ente.Kind.COMUNE,
        "Comune di Casalgrande": Ente.Kind.COMUNE,
        "Comune di Castellarano": Ente.Kind.COMUNE,
        "Comune di Rubiera": Ente.Kind.COMUNE,
        "Comune di Scandiano": Ente.Kind.COMUNE,
        "Comune di Viano": Ente.Kind.COMUNE,
    }
    # Codes are never invented: they stay empty until the real ones are entered.
    assert all(not e.codice_fiscale and not e.codice_ipa for e in enti.values())


def test_demo_employs_about_550_people_in_every_ente_with_example_addresses(demo):
    # when
    employments = Employment.objects.filter(organisation=demo).select_related("user", "org_unit")
    # then
    assert 540 <= len(employments) <= 560
    assert Ente.objects.filter(organisation=demo, employments__isnull=True).count() == 0
    assert all(e.org_unit is not None and e.job_title for e in employments)
    assert all(e.user.email.endswith(".example.it") for e in employments)
    assert len({e.user.email for e in employments}) == len(employments)


def test_demo_has_three_pilot_teams_and_educators_span_two_comuni(demo):
    # when
    teams = {team.name: team for team in Team.objects.filter(organisation=demo)}
    educators = Employment.objects.filter(
        organisation=demo, user__team_memberships__team=teams[TEAM_EDUCATRICI]
    )
    # then
    assert set(teams) == {TEAM_SIA, TEAM_SPORTELLO, TEAM_EDUCATRICI}
    assert set(educators.values_list("ente__name", flat=True)) == {
        "Comune di Scandiano",
        "Comune di Casalgrande",
    }
    assert teams[TEAM_SIA].visibility == Team.Visibility.ORGANISATION
    assert list(teams[TEAM_SPORTELLO].shared_with_enti.values_list("name", flat=True)) == [
        "Comune di Scandiano"
    ]
    assert teams[TEAM_EDUCATRICI].visibility == Team.Visibility.TEAM


def test_every_demo_account_signs_in_with_the_documented_password(demo, client):
    for demo_account in DEMO_ACCOUNTS:
        assert client.login(email=demo_account.email, password=DEMO_PASSWORD), demo_account.email
        client.logout()


def test_demo_roles_match_the_accounts_table(demo, actor_of):
    # when
    admin = actor_of(account("admin"), demo)
    hr = actor_of(account("hr"), demo)
    guest = actor_of(account("ospite"), demo)
    # then
    assert admin.is_it_admin
    assert not account("admin").is_superuser
    assert account("root").is_superuser
    assert hr.hr_ente_ids == set(
        Ente.objects.filter(organisation=demo).values_list("pk", flat=True)
    )
    assert actor_of(account("dpo"), demo).is_dpo
    assert guest.is_guest
    assert [t.name for t in team_list_for_actor(actor=guest)] == [TEAM_SIA]
    assert TeamMembership.objects.get(user=account("lead")).role == TeamMembership.Role.LEAD


def test_dirigente_sees_the_educators_team_of_a_unit_below_theirs(demo, actor_of):
    # given: the educators' team is visible to its members only, and to the managers above it
    dirigente = actor_of(account("dirigente"), demo)
    # when
    names = {team.name for team in team_list_for_actor(actor=dirigente)}
    # then
    assert TEAM_EDUCATRICI in names


def test_running_demo_twice_creates_nothing_and_still_lists_the_accounts(demo):
    # given
    counts = (User.objects.count(), Employment.objects.count(), TeamMembership.objects.count())
    # when
    output = run_demo()
    # then
    assert (User.objects.count(), Employment.objects.count(), TeamMembership.objects.count()) == (
        counts
    )
    assert "dipendente@demo.officina.example.it" in output
    assert DEMO_PASSWORD in output


def test_demo_writes_nothing_to_the_audit_log(db):
    run_demo()
    assert AuditEvent.objects.count() == 0


def test_demo_refuses_to_publish_its_password_outside_a_demo_installation(db, settings):
    settings.OFFICINA_DEMO = False
    settings.DEBUG = True
    with pytest.raises(CommandError):
        call_command("demo", stdout=StringIO())
    assert not Organisation.objects.filter(slug=DEMO_SLUG).exists()


def test_home_queries_are_the_same_for_the_demo_employee_as_for_a_tiny_team(
    demo, client, django_assert_num_queries, session_queries
):
    # given: one person with one team of two in an organisation of their own
    tiny = OrganisationFactory()
    person = UserFactory()
    EmploymentFactory(user=person, ente=EnteFactory(organisation=tiny), organisation=tiny)
    team = TeamFactory(organisation=tiny)
    TeamMembershipFactory(team=team, user=person)
    TeamMembershipFactory(team=team)
    # when / then
    client.force_login(person)
    with django_assert_num_queries(HOME_QUERIES + session_queries):
        response = client.get(reverse("organisations:home", args=[tiny.slug]))
    assert response.status_code == 200
    client.force_login(account("dipendente"))
    with django_assert_num_queries(HOME_QUERIES + session_queries):
        response = client.get(reverse("organisations:home", args=[DEMO_SLUG]))
    assert response.status_code == 200
    assert TEAM_EDUCATRICI in response.content.decode()
