"""The sprint review: its service's rules, its page (who writes, who reads), its API, and the
outcome on the sprint report and its exports."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from officina.boards.models import Stage
from officina.boards.services.moves import work_item_move
from officina.common.exceptions import PermissionDeniedError
from officina.organisations.tests.factories import OrganisationFactory, TeamFactory
from officina.scrum.exceptions import ScrumRuleError
from officina.scrum.models import GoalMet, ReviewOutcome, SprintReview, SprintReviewItem
from officina.scrum.selectors.reviews import sprint_review_for
from officina.scrum.services.backlog import backlog_item_create
from officina.scrum.services.reviews import sprint_review_save
from officina.scrum.services.sprints import sprint_add_item, sprint_close, sprint_start
from officina.scrum.tests.factories import make_scrum_board, make_sprint

pytestmark = pytest.mark.django_db


def client_of(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def url(name, board, *args):
    return reverse(
        f"scrum:{name}",
        args=[board.organisation.slug, board.pk, *(getattr(a, "pk", a) for a in args)],
    )


def api(board, sprint):
    return reverse(
        "scrum-api:sprint-review",
        kwargs={"org_slug": board.organisation.slug, "board_id": board.pk, "sprint_id": sprint.pk},
    )


def running(actor, board, titles=("Carta di identità", "Cambio di residenza")):
    cards = [
        backlog_item_create(actor=actor, board=board, title=title, estimate=Decimal(3)).work_item
        for title in titles
    ]
    sprint = make_sprint(board=board)
    for card in cards:
        sprint_add_item(actor=actor, sprint=sprint, work_item=card)
    sprint_start(actor=actor, sprint=sprint)
    sprint.refresh_from_db()
    return sprint, cards


# --- The service ------------------------------------------------------------------------------


def test_a_member_writes_the_review_and_each_storys_outcome(actor, board):
    sprint, (first, second) = running(actor, board)
    sprint_review_save(
        actor=actor,
        sprint=sprint,
        goal_met=GoalMet.PARTLY,
        notes="Presenti: ufficio anagrafe, assessore.",
        outcomes={
            first.pk: (ReviewOutcome.ACCEPTED, "Bene"),
            second.pk: (ReviewOutcome.REWORK, ""),
        },
    )
    state = sprint_review_for(sprint=sprint)
    assert state.goal_met == "partly"
    assert state.notes == "Presenti: ufficio anagrafe, assessore."
    assert [(row.card.pk, row.outcome, row.note) for row in state.rows] == [
        (first.pk, "accepted", "Bene"),
        (second.pk, "rework", ""),
    ]


def test_saving_again_changes_and_clears_outcomes_and_keeps_the_unnamed(actor, board):
    sprint, (first, second) = running(actor, board)
    outcomes = {first.pk: ("accepted", ""), second.pk: ("not_shown", "")}
    sprint_review_save(actor=actor, sprint=sprint, goal_met="yes", outcomes=outcomes)
    sprint_review_save(actor=actor, sprint=sprint, goal_met="no", outcomes={first.pk: ("", "")})
    state = sprint_review_for(sprint=sprint)
    assert state.goal_met == "no"
    assert [row.outcome for row in state.rows] == ["", "not_shown"]
    assert SprintReview.objects.count() == 1


def test_a_closed_sprint_is_reviewed_with_its_carried_over_stories(actor, board):
    sprint, (first, second) = running(actor, board)
    work_item_move(actor=actor, work_item=first, column=board.columns.get(stage=Stage.DONE))
    sprint_close(actor=actor, sprint=sprint)
    sprint.refresh_from_db()
    sprint_review_save(
        actor=actor, sprint=sprint, outcomes={second.pk: (ReviewOutcome.NOT_SHOWN, "")}
    )
    state = sprint_review_for(sprint=sprint)
    assert [row.card.pk for row in state.rows] == [first.pk, second.pk]
    assert state.rows[1].outcome == "not_shown"


def test_a_planned_sprint_has_no_review_yet(actor, board):
    sprint = make_sprint(board=board)
    with pytest.raises(ScrumRuleError):
        sprint_review_save(actor=actor, sprint=sprint, goal_met="yes")


def test_a_card_outside_the_sprint_gets_no_outcome(actor, board):
    sprint, _cards = running(actor, board)
    outside = backlog_item_create(actor=actor, board=board, title="Altro").work_item
    with pytest.raises(ScrumRuleError):
        sprint_review_save(actor=actor, sprint=sprint, outcomes={outside.pk: ("accepted", "")})
    assert not SprintReviewItem.objects.exists()


def test_an_unknown_outcome_or_goal_answer_is_refused(actor, board):
    sprint, (first, _second) = running(actor, board)
    with pytest.raises(ScrumRuleError):
        sprint_review_save(actor=actor, sprint=sprint, outcomes={first.pk: ("perfect", "")})
    with pytest.raises(ScrumRuleError):
        sprint_review_save(actor=actor, sprint=sprint, goal_met="maybe")


def test_a_read_only_viewer_cannot_write_the_review(actor, viewer_actor, board):
    sprint, _cards = running(actor, board)
    with pytest.raises(PermissionDeniedError):
        sprint_review_save(actor=viewer_actor, sprint=sprint, goal_met="yes")
    assert not SprintReview.objects.exists()


# --- The page ---------------------------------------------------------------------------------


def test_the_review_page_saves_the_form_and_the_report_shows_it(member, actor, board):
    sprint, (first, second) = running(actor, board)
    client = client_of(member)
    page = client.get(url("sprint-review", board, sprint))
    assert page.status_code == 200
    assert f'name="outcome-{first.pk}"' in page.content.decode()

    response = client.post(
        url("sprint-review", board, sprint),
        {
            "goal_met": "yes",
            "notes": "Presente l'assessore.",
            f"outcome-{first.pk}": "accepted",
            f"note-{first.pk}": "Va in produzione",
            f"outcome-{second.pk}": "rework",
            f"note-{second.pk}": "",
        },
    )
    assert response.status_code == 302
    report = client.get(url("sprint-report", board, sprint)).content.decode()
    assert 'id="sprint-review"' in report
    assert "Va in produzione" in report
    assert "Presente l&#x27;assessore." in report
    with translation.override("en"):
        assert "Accepted: 1 · To rework: 1 · Not shown: 0 · Not decided: 0" in report


def test_the_sprint_page_links_to_its_review(member, actor, board):
    sprint, _cards = running(actor, board)
    page = client_of(member).get(url("sprint-detail", board, sprint)).content.decode()
    assert url("sprint-review", board, sprint) in page


def test_a_read_only_viewer_reads_the_review_without_the_form_and_cannot_post(viewer, actor, board):
    sprint, (first, _second) = running(actor, board)
    sprint_review_save(actor=actor, sprint=sprint, outcomes={first.pk: ("accepted", "Bene")})
    client = client_of(viewer)
    page = client.get(url("sprint-review", board, sprint))
    assert page.status_code == 200
    assert 'id="sprint-review-form"' not in page.content.decode()
    assert "Bene" in page.content.decode()
    response = client.post(url("sprint-review", board, sprint), {"goal_met": "no"})
    assert response.status_code == 403
    malformed = client.post(url("sprint-review", board, sprint), {"goal_met": "maybe"})
    assert malformed.status_code == 403
    assert sprint_review_for(sprint=sprint).goal_met == ""


def test_a_review_of_another_organisation_answers_404(member):
    elsewhere = make_scrum_board(team=TeamFactory(organisation=OrganisationFactory(slug="x")))
    sprint = make_sprint(board=elsewhere)
    client = client_of(member)
    assert client.get(url("sprint-review", elsewhere, sprint)).status_code == 404
    assert client.post(url("sprint-review", elsewhere, sprint), {}).status_code == 404
    assert client.get(api(elsewhere, sprint)).status_code == 404


@pytest.mark.parametrize("stories", [1, 8])
def test_the_review_page_reads_a_fixed_number_of_queries(
    member, actor, board, organisation, stories, warm_access, session_queries
):
    sprint, cards = running(actor, board, [f"Storia {i}" for i in range(stories)])
    sprint_review_save(
        actor=actor, sprint=sprint, outcomes={card.pk: ("accepted", "") for card in cards}
    )
    client = client_of(member)
    warm_access(member, organisation, board)
    client.get(url("sprint-review", board, sprint))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url("sprint-review", board, sprint)).status_code == 200
    # shell 4; board; sprint; review; outcomes; stories; Scrum settings (the guide)
    assert len(queries) == session_queries + 9


def test_the_report_export_carries_the_review(member, actor, board):
    sprint, (first, _second) = running(actor, board)
    sprint_review_save(
        actor=actor, sprint=sprint, goal_met="partly", outcomes={first.pk: ("rework", "Rivedere")}
    )
    csv = client_of(member).get(url("sprint-export-csv", board, sprint)).content.decode()
    assert "Rivedere" in csv
    assert "To rework" in csv
    pdf = client_of(member).get(url("sprint-export-pdf", board, sprint))
    assert pdf.status_code == 200


# --- The API ----------------------------------------------------------------------------------


def test_the_api_writes_and_reads_the_review(member, actor, board):
    sprint, (first, second) = running(actor, board)
    client = client_of(member)
    response = client.put(
        api(board, sprint),
        {
            "goal_met": "yes",
            "notes": "Tutto mostrato.",
            "stories": [{"number": first.number, "outcome": "accepted", "note": "Ok"}],
        },
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    body = client.get(api(board, sprint)).json()
    assert body["goal_met"] == "yes"
    assert body["notes"] == "Tutto mostrato."
    assert body["stories"] == [
        {"number": first.number, "title": first.title, "outcome": "accepted", "note": "Ok"},
        {"number": second.number, "title": second.title, "outcome": "", "note": ""},
    ]


def test_the_api_refuses_a_read_only_viewer_and_bad_input(member, viewer, actor, board):
    sprint, (first, _second) = running(actor, board)
    viewer_response = client_of(viewer).put(
        api(board, sprint), {"goal_met": "yes"}, content_type="application/json"
    )
    assert viewer_response.status_code == 403
    bad = client_of(member).put(
        api(board, sprint),
        {"stories": [{"number": first.number, "outcome": "perfect"}]},
        content_type="application/json",
    )
    assert bad.status_code == 400


def test_the_openapi_schema_describes_the_review(client):
    schema = client.get(reverse("api-schema")).content.decode()
    path = "/api/v1/o/{org_slug}/boards/{board_id}/sprints/{sprint_id}/review/"
    assert path in schema
    assert "SprintReviewInput" in schema
