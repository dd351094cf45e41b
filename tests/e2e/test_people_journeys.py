"""Teams and people: a lead adds a member; HR deactivates a person whose cards move on."""

import re

import pytest
from playwright.sync_api import Page, ViewportSize, expect

from officina.boards.models import WorkItem
from officina.boards.services.cards import work_item_create
from officina.boards.tests.factories import make_board
from officina.organisations.models import Employment, RoleAssignment, TeamMembership
from officina.organisations.selectors import actor_for_user
from officina.organisations.tests.factories import (
    EmploymentFactory,
    RoleAssignmentFactory,
    UserFactory,
)
from tests.e2e.accessibility import assert_accessible
from tests.e2e.test_small_screens import has_no_horizontal_scroll

pytestmark = pytest.mark.e2e

DESKTOP: ViewportSize = {"width": 1280, "height": 900}
TABLET_PORTRAIT: ViewportSize = {"width": 768, "height": 1024}
PHONE: ViewportSize = {"width": 390, "height": 844}


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_lead_adds_a_member(page: Page, live_server, workplace, signed_in, viewport):
    # given Giulia leads her team, and Anna Neri works in the organisation
    TeamMembership.objects.filter(team=workplace.team, user=workplace.user).update(role="lead")
    anna = UserFactory(email="anna.neri@example.org", first_name="Anna", last_name="Neri")
    EmploymentFactory(user=anna, ente=workplace.ente, job_title="Assistente sociale")
    page.set_viewport_size(viewport)
    signed_in(workplace.user)
    page.goto(f"{live_server.url}{workplace.home_path}teams/{workplace.team.pk}/")
    assert_accessible(page)

    # when she searches Anna by name
    page.get_by_label("Nome o e-mail").fill("Neri")
    page.get_by_role("button", name="Cerca persone").click()

    # then Anna is found, and can be added with a role
    found = page.locator("#team-candidates")
    expect(found.get_by_role("status")).to_have_text(re.compile("1 persona trovata"))
    expect(found.get_by_label("Ruolo di Anna Neri")).to_have_value("member")
    assert_accessible(page)

    # when she adds her as a member
    found.get_by_role("button", name="Aggiungi Anna Neri").click()

    # then the page says so and lists Anna among the members
    expect(
        page.get_by_text("Anna Neri ora fa parte del team, con il ruolo di membro.")
    ).to_be_visible()
    members = page.get_by_role("table")
    expect(members.get_by_role("row", name=re.compile("Anna Neri"))).to_contain_text(
        "Comune di Scandiano"
    )
    assert TeamMembership.objects.get(team=workplace.team, user=anna).role == "member"
    page.wait_for_load_state("load")  # the stylesheets applied
    assert has_no_horizontal_scroll(page), f"wider than the screen at {viewport['width']}"
    assert_accessible(page)


@pytest.mark.parametrize("viewport", [DESKTOP, TABLET_PORTRAIT], ids=["desktop", "tablet"])
def test_hr_deactivates_a_person_whose_cards_move_to_a_colleague(
    page: Page, live_server, workplace, signed_in, viewport
):
    # given Giulia (Comune di Scandiano) holds an open card on her team's board
    giulia, marco = workplace.user, workplace.colleague
    board = make_board(team=workplace.team)
    actor = actor_for_user(user=giulia, organisation_slug=workplace.organisation.slug)
    card = work_item_create(
        actor=actor, board=board, title="Iscrizioni nido", assignee_ids=[giulia.pk]
    )
    # and Rita works in Scandiano's HR office
    rita = UserFactory(email="rita.amati@example.org", first_name="Rita", last_name="Amati")
    EmploymentFactory(user=rita, ente=workplace.ente, job_title="Istruttrice")
    RoleAssignmentFactory(
        organisation=workplace.organisation, user=rita, role="hr", ente=workplace.ente
    )
    page.set_viewport_size(viewport)
    signed_in(rita)

    # when Rita opens Giulia's page from the staff directory
    page.goto(f"{live_server.url}{workplace.home_path}people/")
    page.get_by_role("link", name="Ferrari Giulia").click()

    # then she sees Giulia's job, team and open work
    expect(page.get_by_role("heading", name="Giulia Ferrari", level=1)).to_be_visible()
    expect(page.get_by_text("Servizi educativi associati")).to_be_visible()
    expect(page.get_by_text("1 scheda aperta su 1 bacheca")).to_be_visible()
    assert_accessible(page)

    # when she deactivates Giulia, giving her work to Marco
    page.get_by_role("link", name="Disattiva…").click()
    expect(page.get_by_role("heading", name="Disattiva Giulia Ferrari", level=1)).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Collega che prende in carico le schede aperte").select_option(
        label="Bertolini Marco – Comune di Viano"
    )
    # Bootstrap Italia draws the box over its label: a click on the label ticks it
    page.get_by_text("Confermo: questa persona lascia l'organizzazione").click()
    expect(page.get_by_label("Confermo: questa persona lascia l'organizzazione")).to_be_checked()
    page.get_by_role("button", name="Disattiva Giulia Ferrari").click()

    # then the page confirms it, and Giulia is shown as deactivated
    expect(page.get_by_text("Profilo di Giulia Ferrari disattivato")).to_be_visible()
    expect(page.get_by_text("1 scheda aperta è passata al collega che hai scelto.")).to_be_visible()
    expect(page.get_by_text("Questa persona è stata disattivata")).to_be_visible()
    page.wait_for_load_state("load")  # the stylesheets applied
    assert has_no_horizontal_scroll(page), f"wider than the screen at {viewport['width']}"
    assert_accessible(page)
    # and the card is Marco's, its history naming Giulia as the one who left it
    assert list(WorkItem.objects.get(pk=card.pk).assignees.all()) == [marco]
    assert card.events.filter(
        kind="unassigned", data__removed=[[giulia.pk, "Giulia Ferrari"]]
    ).exists()
    assert not Employment.objects.get(user=giulia).is_active
    assert not RoleAssignment.objects.filter(user=giulia).exists()
