"""A board made from the built-in "Sprint" template uses Scrum from the start; one made from
another template stays Kanban until its managers switch Scrum on."""

import pytest
from django.test import Client
from django.urls import reverse

from officina.boards.models import BoardTemplate
from officina.boards.services.boards import board_create
from officina.scrum.models import ScrumSettings

pytestmark = pytest.mark.django_db


def test_the_sprint_template_makes_a_scrum_board(member, actor, team):
    board = board_create(
        actor=actor, team=team, name="Iscrizioni", template=BoardTemplate.objects.get(key="sprint")
    )
    client = Client(HTTP_ACCEPT_LANGUAGE="it")
    client.force_login(member)

    page = client.get(reverse("scrum:backlog", args=[board.organisation.slug, board.pk]))

    assert ScrumSettings.objects.get(board=board).estimate_scale == "fibonacci"
    assert "<h1>Backlog di prodotto</h1>" in page.content.decode()


def test_the_basic_kanban_template_stays_kanban(actor, team):
    board = board_create(
        actor=actor,
        team=team,
        name="Protocollo",
        template=BoardTemplate.objects.get(key="kanban-base"),
    )

    assert not ScrumSettings.objects.filter(board=board).exists()
