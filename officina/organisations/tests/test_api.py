"""The REST API of teams under /api/v1/o/<slug>/: same visibility rules as the pages."""

import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from officina.organisations.models import Team
from officina.organisations.tests.factories import (
    EnteFactory,
    TeamFactory,
    TeamMembershipFactory,
)

pytestmark = pytest.mark.django_db


def _list_url(organisation):
    return reverse("organisations-api:team-list", kwargs={"org_slug": organisation.slug})


def _detail_url(organisation, team):
    return reverse(
        "organisations-api:team-detail", kwargs={"org_slug": organisation.slug, "team_id": team.pk}
    )


def test_anonymous_caller_is_refused(client, organisation):
    response = client.get(_list_url(organisation))
    assert response.status_code in {401, 403}
    assert "detail" in response.json()


def test_member_lists_only_the_teams_they_may_see(client, organisation, employee):
    # given
    mine = TeamFactory(organisation=organisation, name="Nidi")
    TeamMembershipFactory(team=mine, user=employee)
    public = TeamFactory(
        organisation=organisation, name="Protezione civile", visibility=Team.Visibility.ORGANISATION
    )
    TeamFactory(organisation=organisation, name="Riservato")
    client.force_login(employee)
    # when
    response = client.get(_list_url(organisation))
    # then
    assert response.status_code == 200
    assert [team["id"] for team in response.json()] == [mine.pk, public.pk]


def test_member_reads_a_team_with_its_members(client, organisation, employee):
    team = TeamFactory(organisation=organisation)
    TeamMembershipFactory(team=team, user=employee, role="lead")
    client.force_login(employee)

    body = client.get(_detail_url(organisation, team)).json()

    assert body["name"] == team.name
    assert body["members"] == [
        {
            "id": employee.pk,
            "name": employee.get_full_name(),
            "email": employee.email,
            "role": "lead",
        }
    ]


def test_invisible_team_is_not_found(client, organisation, employee):
    hidden = TeamFactory(organisation=organisation)
    client.force_login(employee)
    assert client.get(_detail_url(organisation, hidden)).status_code == 404


def test_team_of_another_organisation_is_not_found(client, organisation, employee):
    foreign = TeamFactory(organisation=EnteFactory().organisation)
    client.force_login(employee)
    assert client.get(_detail_url(organisation, foreign)).status_code == 404
    assert client.get(_detail_url(foreign.organisation, foreign)).status_code == 404


def test_another_organisation_s_list_is_not_found(client, employee):
    foreign_organisation = EnteFactory().organisation
    client.force_login(employee)
    assert client.get(_list_url(foreign_organisation)).status_code == 404


def test_team_list_query_count_does_not_grow_with_teams(
    client, organisation, employee, django_assert_num_queries
):
    def add_teams(count):
        for _ in range(count):
            TeamMembershipFactory(team=TeamFactory(organisation=organisation), user=employee)

    client.force_login(employee)
    add_teams(2)
    with CaptureQueriesContext(connection) as baseline:
        client.get(_list_url(organisation))
    add_teams(20)
    with django_assert_num_queries(len(baseline.captured_queries)):
        response = client.get(_list_url(organisation))
    assert len(response.json()) == 22


def test_schema_generates_valid_openapi_without_warnings(tmp_path):
    # `--fail-on-warn` makes any schema warning an error; `--validate` checks OpenAPI 3.
    target = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    assert "/api/v1/o/{org_slug}/teams/{team_id}/" in target.read_text()


def test_schema_is_served(client):
    response = client.get(reverse("api-schema"))
    assert response.status_code == 200
    assert b"openapi: 3" in response.content


def test_api_docs_load_nothing_from_outside_hosts(client):
    response = client.get(reverse("api-docs"))
    assert response.status_code == 200
    outside = re.findall(r"""(?:src|href)=["']?((?:https?:)?//[^"'\s>]+)""", response.text)
    outside += re.findall(
        r"""["']((?:https?:)?//(?!127\.0\.0\.1|localhost|testserver)[^"']+)""", response.text
    )
    assert outside == []
