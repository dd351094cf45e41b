"""The actor: who is acting, in which organisation, with which roles. Built once per request."""

from dataclasses import dataclass, field

from officina.accounts.models import User
from officina.organisations.models import Employment, Organisation, RoleAssignment


@dataclass(frozen=True)
class Actor:
    """A signed-in person acting inside one organisation.

    Every selector and service takes an actor, so no code path reaches a tenant-owned object
    without saying on whose behalf. Roles are loaded once here; permissions read them.
    """

    user: User
    organisation: Organisation
    employment: Employment | None
    roles: tuple[RoleAssignment, ...] = field(default=())
    # The access-cache generation read when the actor was built (`access_cache.py`); None for
    # an actor built by hand, whose facts are then never taken from the cache.
    access_generation: str | None = field(default=None, compare=False)

    @property
    def ente_id(self) -> int | None:
        return self.employment.ente_id if self.employment else None

    @property
    def is_guest(self) -> bool:
        """Not employed here: an external person who only sees the teams they are invited to."""
        return self.employment is None and not self.user.is_superuser

    def has_role(self, role: str) -> bool:
        return any(assignment.role == role for assignment in self.roles)

    @property
    def is_it_admin(self) -> bool:
        return self.user.is_superuser or self.has_role(RoleAssignment.Role.IT_ADMIN)

    @property
    def is_dpo(self) -> bool:
        return self.has_role(RoleAssignment.Role.DPO)

    @property
    def hr_ente_ids(self) -> frozenset[int]:
        return frozenset(
            a.ente_id for a in self.roles if a.role == RoleAssignment.Role.HR and a.ente_id
        )

    @property
    def managed_unit_paths(self) -> tuple[str, ...]:
        return tuple(
            a.org_unit.path
            for a in self.roles
            if a.role == RoleAssignment.Role.MANAGER and a.org_unit is not None
        )

    @property
    def is_admin_role(self) -> bool:
        """Roles that must use two-factor sign-in when the organisation requires it."""
        return self.is_it_admin or self.is_dpo or bool(self.hr_ente_ids)
