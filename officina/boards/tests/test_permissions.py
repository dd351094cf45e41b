"""Who sees which board, and who may change it."""

from collections.abc import Callable

import pytest

from officina.accounts.models import User
from officina.boards.models import Board
from officina.boards.selectors.boards import (
    board_get_for_actor,
    board_list_for_actor,
    board_member_list,
)
from officina.boards.services.cards import work_item_create
from officina.boards.tests.factories import make_board
from officina.common.exceptions import NotFound, PermissionDeniedError
from officina.organisations.actor import Actor
from officina.organisations.models import Ente, Organisation, Team, TeamMembership
from officina.organisations.tests.factories import (
    EnteFactory,
    RoleAssignmentFactory,
    TeamFactory,
    TeamMembershipFactory,
    UserFactory,
)

ActorOf = Callable[[User, Organisation], Actor]


def _visible_names(actor: Actor) -> list[str]:
    return sorted(board_list_for_actor(actor=actor).values_list("name", flat=True))


@pytest.fixture
def boards(team: Team) -> dict[str, Board]:
    return {
        visibility: make_board(team=team, name=f"Bacheca {visibility}", visibility=visibility)
        for visibility in ("team", "enti", "organisation")
    }


@pytest.mark.django_db
def test_team_member_sees_every_board_of_the_team_and_works_on_its_cards(
    member: User, organisation: Organisation, boards: dict[str, Board], actor_of: ActorOf
) -> None:
    actor = actor_of(member, organisation)
    assert _visible_names(actor) == ["Bacheca enti", "Bacheca organisation", "Bacheca team"]
    access = board_get_for_actor(actor=actor, board_id=boards["team"].pk).access
    # the structure is for the board's managers (decision 0039)
    assert (access.can_comment, access.can_edit_cards, access.can_manage) == (True, True, False)


@pytest.mark.django_db
def test_colleague_of_the_same_ente_sees_enti_boards_read_only(
    member: User,
    make_employee: Callable[..., User],
    organisation: Organisation,
    boards: dict[str, Board],
    actor_of: ActorOf,
) -> None:
    colleague = make_employee()  # same ente as the member, in no team
    actor = actor_of(colleague, organisation)
    assert _visible_names(actor) == ["Bacheca enti", "Bacheca organisation"]
    seen = board_get_for_actor(actor=actor, board_id=boards["enti"].pk)
    assert seen.access.is_read_only
    with pytest.raises(PermissionDeniedError, match="sola lettura"):
        work_item_create(actor=actor, board=seen.board, title="Non dovrei")
    with pytest.raises(NotFound):
        board_get_for_actor(actor=actor, board_id=boards["team"].pk)


@pytest.mark.django_db
def test_employee_of_another_ente_sees_only_organisation_boards(
    member: User,
    outsider: User,
    organisation: Organisation,
    boards: dict[str, Board],
    actor_of: ActorOf,
) -> None:
    assert _visible_names(actor_of(outsider, organisation)) == ["Bacheca organisation"]


@pytest.mark.django_db
def test_guest_sees_only_the_boards_they_are_invited_to_and_works_there(
    guest: User, organisation: Organisation, boards: dict[str, Board], actor_of: ActorOf
) -> None:
    boards["team"].guests.add(guest)
    Board.objects.filter(pk=boards["team"].pk).update(guest_rights=Board.GuestRights.EDIT)
    actor = actor_of(guest, organisation)
    assert _visible_names(actor) == ["Bacheca team"]
    seen = board_get_for_actor(actor=actor, board_id=boards["team"].pk)
    assert (seen.access.can_edit_cards, seen.access.can_manage) == (True, False)
    card = work_item_create(actor=actor, board=seen.board, title="Consegna del fornitore")
    assert card.number == 1
    with pytest.raises(NotFound):
        board_get_for_actor(actor=actor, board_id=boards["organisation"].pk)


@pytest.mark.django_db
def test_it_admin_gets_no_special_view_of_team_boards(
    make_employee: Callable[..., User],
    organisation: Organisation,
    boards: dict[str, Board],
    actor_of: ActorOf,
) -> None:
    admin = make_employee()
    RoleAssignmentFactory(organisation=organisation, user=admin, role="it_admin")
    assert "Bacheca team" not in _visible_names(actor_of(admin, organisation))


@pytest.mark.django_db
def test_board_of_another_organisation_is_not_found(
    member: User, organisation: Organisation, actor_of: ActorOf
) -> None:
    foreign_team = TeamFactory(organisation=EnteFactory().organisation)
    foreign = make_board(team=foreign_team, visibility="organisation")
    with pytest.raises(NotFound):
        board_get_for_actor(actor=actor_of(member, organisation), board_id=foreign.pk)


@pytest.mark.django_db
def test_enti_visibility_follows_the_enti_of_working_members_not_guests(
    organisation: Organisation,
    other_ente: Ente,
    make_employee: Callable[..., User],
    team: Team,
    actor_of: ActorOf,
) -> None:
    board = make_board(team=team, visibility="enti")
    viano_guest = make_employee(ente=other_ente)
    TeamMembershipFactory(team=team, user=viano_guest, role=TeamMembership.Role.GUEST)
    viano_colleague = make_employee(ente=other_ente)
    assert _visible_names(actor_of(viano_colleague, organisation)) == []
    viano_member = make_employee(ente=other_ente)
    TeamMembershipFactory(team=team, user=viano_member, role=TeamMembership.Role.MEMBER)
    assert _visible_names(actor_of(viano_colleague, organisation)) == [board.name]


@pytest.mark.django_db
def test_board_member_list_is_working_members_and_invited_guests_still_in_the_team(
    member: User, lead: User, guest: User, outsider: User, board: Board, team: Team
) -> None:
    # given: a guest invited to the board, one not invited, and one invited who left the team
    board.guests.add(guest)
    uninvited = UserFactory(first_name="Altro", last_name="Fornitore")
    TeamMembershipFactory(team=team, user=uninvited, role=TeamMembership.Role.GUEST)
    former = UserFactory(first_name="Ex", last_name="Fornitore")
    board.guests.add(former)
    # when
    people = list(board_member_list(board=board))
    # then: each once, by name
    assert people == [lead, guest, member]


@pytest.mark.django_db
def test_board_member_list_starts_from_the_team_not_from_every_person(board: Board) -> None:
    """An OR across the memberships and the guests joins made PostgreSQL read every person and
    membership of the installation (265 ms with a region's 50,000 people): the filter is one
    subquery, the union of the two groups, and nothing is joined to the people."""
    sql = str(board_member_list(board=board).query)
    assert " OR " not in sql
    assert " JOIN " not in sql
    assert " UNION " in sql
