"""Card templates (decision 0040): managers keep them in the board settings, "New card" starts
from one and the card gets its title, description, labels and checklist."""

from collections.abc import Callable
from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from officina.accounts.models import User
from officina.boards.exceptions import BoardRuleError
from officina.boards.models import Board, CardRecurrence, CardTemplate, Label, WorkItem
from officina.boards.services.card_templates import card_template_create
from officina.boards.tests.factories import make_board
from officina.common.exceptions import PermissionDeniedError
from officina.organisations.actor import Actor
from officina.organisations.models import Organisation
from officina.organisations.tests.factories import EnteFactory, TeamFactory, TeamMembershipFactory

pytestmark = pytest.mark.django_db

CHECKLIST = ["Verificare l'identità del richiedente", "Protocollare la richiesta"]


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _url(board: Board, name: str, **kwargs: object) -> str:
    return reverse(
        f"boards:{name}",
        kwargs={"org_slug": board.organisation.slug, "board_id": board.pk, **kwargs},
    )


@pytest.fixture
def label(board: Board) -> Label:
    return Label.objects.create(organisation=board.organisation, board=board, name="Atti")


@pytest.fixture
def template(board: Board, label: Label) -> CardTemplate:
    made = CardTemplate.objects.create(
        organisation=board.organisation,
        board=board,
        name="Accesso agli atti",
        title="Richiesta di accesso agli atti",
        description="Art. 22 della legge 241/1990.",
        checklist=CHECKLIST,
    )
    made.labels.add(label)
    return made


def test_a_manager_adds_a_template_in_the_board_settings(lead, board, label):
    # when
    response = _client(lead).post(
        _url(board, "card-template-create"),
        {
            "new-template-name": "Accesso agli atti",
            "new-template-title": "Richiesta di accesso agli atti",
            "new-template-description": "Art. 22",
            "new-template-labels": [label.pk],
            "new-template-checklist": "Verificare l'identità\r\n\r\nProtocollare\r\n",
        },
        follow=True,
    )
    # then
    assert response.status_code == 200
    template = CardTemplate.objects.get(board=board)
    assert (template.title, template.checklist) == (
        "Richiesta di accesso agli atti",
        ["Verificare l'identità", "Protocollare"],
    )
    assert list(template.labels.all()) == [label]
    assert "Accesso agli atti" in response.content.decode()


def test_a_manager_changes_and_deletes_a_template(lead, board, template):
    client = _client(lead)
    prefix = f"template-{template.pk}"
    client.post(
        _url(board, "card-template-update", template_id=template.pk),
        {f"{prefix}-name": "Accesso civico", f"{prefix}-title": "Accesso civico generalizzato"},
    )
    template.refresh_from_db()
    assert (template.name, template.checklist, template.labels.count()) == (
        "Accesso civico",
        [],
        0,
    )
    client.post(_url(board, "card-template-delete", template_id=template.pk))
    assert not CardTemplate.objects.filter(pk=template.pk).exists()


def test_a_template_name_is_unique_on_its_board(lead, board, template, actor_of, organisation):
    with pytest.raises(BoardRuleError):
        card_template_create(
            actor=actor_of(lead, organisation), board=board, name="accesso agli atti", title="X"
        )


def test_a_template_takes_only_labels_of_its_own_board(lead, team, board, actor_of, organisation):
    other = make_board(team=team, name="Altra")
    foreign = Label.objects.create(organisation=organisation, board=other, name="Altrui")
    with pytest.raises(BoardRuleError):
        card_template_create(
            actor=actor_of(lead, organisation),
            board=board,
            name="T",
            title="T",
            label_ids=[foreign.pk],
        )


@pytest.mark.parametrize("role", ["member", "guest"])
def test_only_managers_keep_templates(
    role, board, template, request, actor_of: Callable[..., Actor], organisation: Organisation
):
    person = request.getfixturevalue(role)
    board.guests.add(request.getfixturevalue("guest"))
    client = _client(person)
    create = client.post(
        _url(board, "card-template-create"),
        {"new-template-name": "Mia", "new-template-title": "Mia"},
    )
    delete = client.post(_url(board, "card-template-delete", template_id=template.pk))
    assert (create.status_code, delete.status_code) == (403, 403)
    assert list(CardTemplate.objects.values_list("name", flat=True)) == ["Accesso agli atti"]
    with pytest.raises(PermissionDeniedError):
        card_template_create(actor=actor_of(person, organisation), board=board, name="X", title="X")


def test_templates_of_another_organisation_are_404(lead, board, template):
    stranger_org = EnteFactory().organisation
    stranger = TeamMembershipFactory(team=TeamFactory(organisation=stranger_org), role="lead").user
    client = _client(stranger)
    update = client.post(_url(board, "card-template-delete", template_id=template.pk))
    assert update.status_code == 404
    # and a template id of another board is 404 on this one, even for its manager
    other = make_board(team=TeamFactory(organisation=board.organisation), name="Altra")
    theirs = CardTemplate.objects.create(
        organisation=board.organisation, board=other, name="Loro", title="Loro"
    )
    response = _client(lead).post(_url(board, "card-template-delete", template_id=theirs.pk))
    assert response.status_code == 404
    assert CardTemplate.objects.filter(pk=theirs.pk).exists()


def test_a_member_starts_a_new_card_from_a_template_and_gets_its_checklist(
    member, board, template, label
):
    # given: the new card page offers the template
    client = _client(member)
    page = client.get(_url(board, "card-create")).content.decode()
    assert "Accesso agli atti" in page
    # when the member chooses it, the form is filled in
    filled = client.get(_url(board, "card-create"), {"template": template.pk}).content.decode()
    assert "Richiesta di accesso agli atti" in filled
    assert "Protocollare la richiesta" in filled
    assert "Art. 22 della legge 241/1990." in filled
    # and the card created from the filled-in form has the template's parts
    column, lane = board.columns.get(position=0), board.swimlanes.get()
    response = client.post(
        _url(board, "card-create"),
        {
            "title": template.title,
            "description": template.description,
            "labels": [label.pk],
            "column": column.pk,
            "swimlane": lane.pk,
            "class_of_service": "standard",
            "checklist": "\n".join(template.checklist),
        },
    )
    assert response.status_code == 302
    card = WorkItem.objects.get(board=board)
    assert card.title == "Richiesta di accesso agli atti"
    assert list(card.labels.all()) == [label]
    assert list(card.checklist.values_list("text", flat=True)) == CHECKLIST


def test_a_template_of_another_board_fills_nothing_in(member, team, board, template):
    other = make_board(team=team, name="Altra")
    page = _client(member).get(_url(other, "card-create"), {"template": template.pk})
    assert page.status_code == 200
    assert "Richiesta di accesso agli atti" not in page.content.decode()


def test_the_settings_page_costs_the_same_queries_for_1_and_4_templates_and_recurrences(
    lead, board, template, label
):
    client = _client(lead)
    client.get(_url(board, "board-settings"))  # warm the caches (access, session)

    def add(index: int) -> None:
        made = CardTemplate.objects.create(
            organisation=board.organisation, board=board, name=f"M{index}", title=f"T{index}"
        )
        made.labels.add(label)
        CardRecurrence.objects.create(
            organisation=board.organisation,
            board=board,
            template=made,
            frequency="daily",
            starts_on=date(2026, 1, 1),
        )

    add(0)
    with CaptureQueriesContext(connection) as one:
        assert client.get(_url(board, "board-settings")).status_code == 200
    for index in range(1, 4):
        add(index)
    with CaptureQueriesContext(connection) as four:
        page = client.get(_url(board, "board-settings")).content.decode()
    assert "M3" in page
    assert len(four) == len(one)
