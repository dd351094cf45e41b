"""The presence roster: distinct people, and connections that stop refreshing are forgotten."""

from officina.realtime.presence import STALE_AFTER, Person, Roster

GIULIA = Person(id=1, name="Giulia Ferrari", initials="GF")
MARCO = Person(id=2, name="Marco Bertolini", initials="MB")


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_two_tabs_of_one_person_count_once_and_people_are_listed_by_name() -> None:
    roster = Roster()
    roster.refresh("tab-1", MARCO)
    roster.refresh("tab-2", GIULIA)
    roster.refresh("tab-3", GIULIA)

    assert roster.people() == [GIULIA, MARCO]


def test_a_person_stays_while_one_of_their_tabs_is_open() -> None:
    roster = Roster()
    roster.refresh("tab-1", GIULIA)
    roster.refresh("tab-2", GIULIA)

    roster.drop("tab-1")

    assert roster.people() == [GIULIA]


def test_a_connection_not_refreshed_in_time_is_dropped() -> None:
    clock = FakeClock()
    roster = Roster(clock=clock)
    roster.refresh("crashed-worker", MARCO)
    roster.refresh("alive", GIULIA)

    clock.now += STALE_AFTER - 1
    roster.refresh("alive", GIULIA)
    clock.now += 2
    roster.prune()

    assert roster.people() == [GIULIA]


def test_a_person_survives_the_trip_through_a_message() -> None:
    assert Person.from_message(GIULIA.as_message()) == GIULIA
