"""What other apps do when a person leaves: the organisations app asks, it never imports them.

Deactivating a person (`services.people.person_deactivate`) ends their place here; the work
they leave behind belongs to apps above this one (a board's open cards). Such an app registers
a `Departure` in its `AppConfig.ready()`: the person page asks each for the sentence that says
what will move, and the deactivation asks each to hand the work over, in its transaction.
"""

from dataclasses import dataclass
from typing import Protocol

from officina.accounts.models import User
from officina.organisations.actor import Actor
from officina.organisations.models import Organisation


@dataclass(frozen=True)
class LeftWork:
    """What one app holds of a person in one organisation: a count and a sentence about it."""

    count: int
    description: str


class Departure(Protocol):
    """An app's part in a departure."""

    def left_work(self, *, organisation: Organisation, user: User) -> LeftWork | None:
        """What the person leaves in this app (None: nothing)."""

    def hand_over(self, *, actor: Actor, user: User, successor: User | None) -> int:
        """Give the person's open work to `successor` (or release it when None); how many
        items moved. Runs inside the deactivation's transaction, after the permission check."""


_DEPARTURES: list[Departure] = []


def register_departure(departure: Departure) -> None:
    """Called once by an app's `ready()`."""
    if departure not in _DEPARTURES:
        _DEPARTURES.append(departure)


def departures() -> tuple[Departure, ...]:
    return tuple(_DEPARTURES)
