"""A board with one of everything, for tests that need consistent ids of every kind."""

import datetime
from dataclasses import dataclass

from django.core.files.base import ContentFile

from officina.accounts.models import PersonalAccessToken, User
from officina.boards.models import (
    Attachment,
    Board,
    CardRecurrence,
    CardTemplate,
    ChecklistItem,
    Column,
    Comment,
    Label,
    Swimlane,
    WorkItem,
    WorkItemLink,
)
from officina.boards.tests.factories import bulk_cards, make_board
from officina.notifications.models import Notification
from officina.organisations.models import Organisation, TeamMembership
from officina.organisations.tests.factories import TeamFactory, TeamMembershipFactory, UserFactory


@dataclass
class BoardWorld:
    board: Board
    column: Column
    swimlane: Swimlane
    card: WorkItem
    label: Label
    comment: Comment
    attachment: Attachment
    checklist_item: ChecklistItem
    link: WorkItemLink
    guest: User
    notification: Notification
    token: PersonalAccessToken
    member: User
    card_template: CardTemplate
    recurrence: CardRecurrence


def make_board_world(organisation: Organisation) -> BoardWorld:
    """A board visible to the whole organisation (read-only to non-members), with two cards."""
    team = TeamFactory(organisation=organisation)
    guest = UserFactory()
    TeamMembershipFactory(team=team, user=guest, role=TeamMembership.Role.GUEST)
    board = make_board(team=team, visibility=Board.Visibility.ORGANISATION)
    board.guests.add(guest)
    column = board.columns.get(position=0)
    swimlane = board.swimlanes.get(position=0)
    card, other = bulk_cards(board=board, count=2, column=column, swimlane=swimlane)
    label = Label.objects.create(organisation=organisation, board=board, name="Urgente")
    comment = Comment.objects.create(
        organisation=organisation,
        work_item=card,
        author=guest,
        body="Ciao",
        body_html="<p>Ciao</p>",
    )
    attachment = Attachment(
        organisation=organisation,
        work_item=card,
        original_name="nota.txt",
        content_type="text/plain",
        size=5,
    )
    attachment.file.save("nota.txt", ContentFile(b"nota\n"), save=True)
    checklist_item = ChecklistItem.objects.create(
        organisation=organisation, work_item=card, text="Passo"
    )
    link = WorkItemLink.objects.create(
        organisation=organisation, source=card, target=other, kind=WorkItemLink.Kind.RELATES
    )
    notification = Notification.objects.create(
        organisation=organisation, recipient=guest, kind=Notification.Kind.MENTION, title="Menzione"
    )
    token = PersonalAccessToken.objects.create(
        user=guest, name="script", prefix="abcd", key_hash=f"{organisation.pk:064d}"
    )
    member = UserFactory()
    TeamMembershipFactory(team=team, user=member, role=TeamMembership.Role.MEMBER)
    card_template = CardTemplate.objects.create(
        organisation=organisation, board=board, name="Accesso agli atti", title="Accesso"
    )
    recurrence = CardRecurrence.objects.create(
        organisation=organisation,
        board=board,
        template=card_template,
        frequency=CardRecurrence.Frequency.DAILY,
        starts_on=datetime.date(2026, 1, 1),
    )
    return BoardWorld(
        board,
        column,
        swimlane,
        card,
        label,
        comment,
        attachment,
        checklist_item,
        link,
        guest,
        notification,
        token,
        member,
        card_template,
        recurrence,
    )
