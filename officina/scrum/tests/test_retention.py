"""Sprint events forget who made them past the history's retention period (R-37); the report
they feed does not change."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import override_settings
from django.utils import timezone

from officina.scrum.models import SprintEvent
from officina.scrum.selectors import sprint_report_for
from officina.scrum.services.backlog import backlog_item_create
from officina.scrum.services.sprints import sprint_add_item, sprint_close, sprint_start
from officina.scrum.tasks import sprint_history_retention
from officina.scrum.tests.factories import make_sprint

pytestmark = pytest.mark.django_db


@override_settings(OFFICINA_HISTORY_RETENTION_DAYS=30)
def test_old_sprint_events_forget_who_made_them_and_keep_the_numbers(actor, board):
    # given: a sprint of 40 days ago, and one started today
    long_ago = timezone.now() - timedelta(days=40)
    card = backlog_item_create(actor=actor, board=board, title="A", estimate=Decimal(5)).work_item
    old = make_sprint(board=board, start_date=long_ago.date(), end_date=long_ago.date())
    sprint_add_item(actor=actor, sprint=old, work_item=card, at=long_ago)
    sprint_start(actor=actor, sprint=old, at=long_ago)
    sprint_close(actor=actor, sprint=old, at=long_ago + timedelta(hours=8))
    recent = make_sprint(
        board=board, name="Sprint 2", start_date=timezone.localdate(), end_date=timezone.localdate()
    )
    sprint_start(actor=actor, sprint=recent)
    SprintEvent.objects.create(
        organisation=board.organisation,
        sprint=recent,
        work_item=card,
        kind="added",
        actor=actor.user,
        points=Decimal(5),
    )
    old.refresh_from_db()
    before = sprint_report_for(sprint=old).numbers
    # when
    erased = sprint_history_retention.call()
    # then
    assert erased == 2  # committed, then carried over to the backlog
    assert not SprintEvent.objects.filter(sprint=old, actor__isnull=False).exists()
    assert SprintEvent.objects.get(sprint=recent).actor == actor.user
    assert sprint_report_for(sprint=old).numbers == before
    assert sprint_history_retention.call() == 0, "a second run changes nothing"
