"""The shape other apps copy (issue 8): card fields declared once, panels other apps add to
the card page, and card addresses that survive a move to another board."""

import copy
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import models
from django.test import Client, override_settings
from django.urls import reverse

from officina.accounts.models import User
from officina.boards.api.serializers import CardFieldsSerializer, CardSerializer
from officina.boards.card_fields import CardField, card_field_names, card_fields
from officina.boards.card_panels import CardPanel, register_card_panel, unregister_card_panel
from officina.boards.exports import card_headers
from officina.boards.forms_cards import CardEditForm
from officina.boards.models import Board, WorkItem, WorkItemAddress
from officina.boards.models.fields import CardFieldInfo, CardFieldKind
from officina.boards.selectors.boards import BoardWithAccess
from officina.boards.services.cards import work_item_create, work_item_update
from officina.boards.tests.factories import make_board
from officina.organisations.actor import Actor
from officina.organisations.models import Team
from officina.organisations.tests.factories import TeamFactory

pytestmark = pytest.mark.django_db


def _client(user: User) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="it")
    client.force_login(user)
    return client


# --- Card fields: one declaration ----------------------------------------------------------------


def test_every_declared_card_field_reaches_the_form_the_api_and_the_exports():
    names = set(card_field_names())
    assert names == {
        "title",
        "description",
        "assignees",
        "labels",
        "due_date",
        "estimate",
        "class_of_service",
    }
    form = CardEditForm(members=User.objects.none(), labels=None)
    assert names <= set(form.fields)
    assert {f"base_{name}" for name in names} <= set(form.fields)
    assert names <= set(CardSerializer().fields)
    assert names <= set(CardFieldsSerializer().fields)
    assert {field.label for field in card_fields()} <= set(card_headers())


def test_a_new_field_of_a_known_kind_needs_no_other_code():
    # given: a field as a developer would add it to WorkItem (here without a migration)
    model_field: models.CharField[str, str] = models.CharField(
        "numero di protocollo", max_length=30, blank=True
    )
    model_field.name = "protocol"
    field = CardField("protocol", model_field, CardFieldInfo(kind=CardFieldKind.TEXT, on_face=True))

    # then: the form, the API and the face know what to do with it
    assert field.form_field().max_length == 30  # type: ignore[attr-defined]
    assert field.input_field().max_length == 30  # type: ignore[attr-defined]
    assert field.output_field().read_only
    assert field.label == "Numero di protocollo"
    assert field.normalise("  2026/123 ") == "2026/123"
    assert field.as_text("2026/123") == "2026/123"


def test_an_edit_tells_its_fields_in_the_history(board: Board, member_actor: Actor):
    card = work_item_create(actor=member_actor, board=board, title="Pratica")
    work_item_update(
        actor=member_actor, work_item=card, data={"title": "Pratica SUAP", "due_date": None}
    )
    event = card.events.get(kind="edited")
    assert event.data == {"title": ["Pratica", "Pratica SUAP"]}


# --- Panels other apps add to the card page -----------------------------------------------------


@pytest.fixture
def panel_template(tmp_path: Path):
    (tmp_path / "panel.html").write_text(
        '<section aria-labelledby="sprint-title"><h2 id="sprint-title">Sprint</h2>'
        "<p>{{ sprint }} · #{{ card.number }}</p></section>"
    )
    engines: list[dict[str, Any]] = copy.deepcopy(settings.TEMPLATES)
    engines[0]["DIRS"] = [*engines[0]["DIRS"], tmp_path]
    with override_settings(TEMPLATES=engines):
        yield "panel.html"


def test_another_app_adds_a_panel_to_the_card_page_without_boards_importing_it(
    board: Board, member: User, member_actor: Actor, panel_template: str
):
    card = work_item_create(actor=member_actor, board=board, title="Pratica")
    other = work_item_create(actor=member_actor, board=board, title="Senza sprint")

    def sprint_panel(actor: Actor, item: WorkItem, seen: BoardWithAccess) -> dict[str, str] | None:
        return {"sprint": "Sprint 4"} if item.pk == card.pk else None

    register_card_panel(CardPanel(key="sprint", template=panel_template, context=sprint_panel))
    try:
        url = reverse(
            "boards:card-detail",
            kwargs={"org_slug": board.organisation.slug, "board_id": board.pk, "number": 1},
        )
        shown = _client(member).get(url).content.decode()
        hidden = _client(member).get(url.replace("/1/", f"/{other.number}/")).content.decode()
    finally:
        unregister_card_panel("sprint")

    assert 'id="panel-sprint"' in shown
    assert "Sprint 4 · #1" in shown
    assert 'id="panel-sprint"' not in hidden


# --- Card addresses survive a move to another board (decision 0025) ---------------------------


@pytest.fixture
def moved_card(board: Board, team: Team, member_actor: Actor) -> tuple[Board, WorkItem]:
    """A card that was #7 of `board` and is now on another board of the same team."""
    other = make_board(team=team, name="Intake")
    card = work_item_create(actor=member_actor, board=other, title="Passata al team")
    WorkItemAddress.objects.create(
        organisation=board.organisation, board=board, number=7, work_item=card
    )
    return board, card


def test_the_old_address_of_a_moved_card_leads_to_it(moved_card, member: User):
    old_board, card = moved_card
    slug = old_board.organisation.slug
    old = reverse(
        "boards:card-detail", kwargs={"org_slug": slug, "board_id": old_board.pk, "number": 7}
    )

    response = _client(member).get(old)

    assert response.status_code == 302
    assert response["Location"] == reverse(
        "boards:card-detail",
        kwargs={"org_slug": slug, "board_id": card.board_id, "number": card.number},
    )
    assert (
        _client(member).post(old.replace("/7/", "/7/comments/"), {"body": "x"}).status_code == 404
    )


def test_the_old_address_reveals_nothing_to_someone_who_cannot_see_the_new_board(
    moved_card, outsider: User, organisation
):
    old_board, card = moved_card
    Board.objects.filter(pk=old_board.pk).update(visibility=Board.Visibility.ORGANISATION)
    secret_team = TeamFactory(organisation=organisation, name="Riservato")
    Board.objects.filter(pk=card.board_id).update(team=secret_team)
    old = reverse(
        "boards:card-detail",
        kwargs={"org_slug": organisation.slug, "board_id": old_board.pk, "number": 7},
    )
    assert _client(outsider).get(old).status_code == 404
