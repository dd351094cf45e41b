"""Who is looking at something now, kept only in the memory of each open connection.

Every connection keeps its own roster from the messages of its peers (join, here, leave): nothing
is stored, so no history of presence exists anywhere. Peers refresh themselves with a heartbeat;
an entry not refreshed within `STALE_AFTER` seconds is dropped, which also covers a worker that
crashed without saying goodbye.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass

HEARTBEAT_SECONDS = 25
STALE_AFTER = 70


@dataclass(frozen=True)
class Person:
    """One person as shown in a presence list (the same person may hold several connections)."""

    id: int
    name: str
    initials: str

    def as_message(self) -> dict[str, object]:
        return {"id": self.id, "name": self.name, "initials": self.initials}

    @classmethod
    def from_message(cls, message: dict[str, object]) -> "Person":
        return cls(
            id=int(str(message["id"])),
            name=str(message["name"]),
            initials=str(message["initials"]),
        )


class Roster:
    """Connections (by channel name) and the person behind each, with when they last spoke."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._seen: dict[str, tuple[Person, float]] = {}

    def refresh(self, channel: str, person: Person) -> None:
        self._seen[channel] = (person, self._clock())

    def drop(self, channel: str) -> None:
        self._seen.pop(channel, None)

    def prune(self) -> None:
        """Forget connections that have not refreshed themselves in time."""
        oldest = self._clock() - STALE_AFTER
        self._seen = {ch: entry for ch, entry in self._seen.items() if entry[1] >= oldest}

    def people(self) -> list[Person]:
        """Distinct people, by name: two tabs of one person count once."""
        distinct = {person.id: person for person, _ in self._seen.values()}
        return sorted(distinct.values(), key=lambda person: (person.name.casefold(), person.id))
