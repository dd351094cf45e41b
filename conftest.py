"""Fixtures shared by every app's tests: one tenant with an ente, and a way to act in it."""

from collections.abc import Callable

import pytest

from officina.accounts.models import User
from officina.organisations.actor import Actor
from officina.organisations.models import Ente, Organisation
from officina.organisations.selectors import actor_for_user
from officina.organisations.tests.factories import (
    EmploymentFactory,
    EnteFactory,
    OrganisationFactory,
    UserFactory,
)


@pytest.fixture(autouse=True)
def _empty_access_cache() -> None:
    """Each test starts with no cached actor or board access (access_cache.py)."""
    from django.core.cache import caches

    from officina.organisations.access_cache import ACCESS_CACHE_ALIAS

    caches[ACCESS_CACHE_ALIAS].clear()


@pytest.fixture
def organisation(db: None) -> Organisation:
    return OrganisationFactory(name="Unione Tresinaro Secchia", slug="tresinaro-secchia")


@pytest.fixture
def ente(organisation: Organisation) -> Ente:
    return EnteFactory(organisation=organisation, name="Comune di Scandiano")


@pytest.fixture
def other_ente(organisation: Organisation) -> Ente:
    return EnteFactory(organisation=organisation, name="Comune di Viano")


@pytest.fixture
def make_employee(ente: Ente) -> Callable[..., User]:
    """Make a person employed by `ente` (default: the fixture's ente)."""

    def make(ente: Ente = ente, **user_fields: object) -> User:
        user = UserFactory(**user_fields)
        EmploymentFactory(user=user, ente=ente, organisation=ente.organisation)
        return user

    return make


@pytest.fixture
def employee(make_employee: Callable[..., User]) -> User:
    return make_employee()


@pytest.fixture
def actor_of() -> Callable[[User, Organisation], Actor]:
    """The actor a request of `user` in `organisation` would get."""

    def build(user: User, organisation: Organisation) -> Actor:
        return actor_for_user(user=user, organisation_slug=organisation.slug)

    return build


@pytest.fixture
def warm_access() -> Callable[..., None]:
    """Cache what a person's first request caches (their actor and, given a board, their access
    to it), so that a pinned query count measures the steady state: one query reads the access
    generation instead of the actor's two and the board's access subqueries."""

    def warm(user: User, organisation: Organisation, board: object = None) -> None:
        from officina.boards.models import Board
        from officina.boards.selectors.boards import board_get_for_actor

        actor = actor_for_user(user=user, organisation_slug=organisation.slug)
        if isinstance(board, Board):
            board_get_for_actor(actor=actor, board_id=board.pk)

    return warm


@pytest.fixture
def session_queries() -> int:
    """Queries a signed-in request spends on its session: one with database sessions (embedded
    default), none with cache sessions (Redis). Pinned query counts add this."""
    from django.conf import settings

    return 1 if settings.SESSION_ENGINE == "django.contrib.sessions.backends.db" else 0
