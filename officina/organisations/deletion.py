"""What may not be deleted yet, asked of the apps that keep data under a team or organisation.

Deleting a team (or an organisation) deletes everything under it. An app whose data must
outlive such a deletion for a while (a board's history within its retention period, R-37)
registers a check in its `AppConfig.ready()`; the admin asks every check before it deletes and
shows their sentences as the reason it refuses. The organisations app thus never imports them.
"""

from collections.abc import Callable

from django.db import models

DeletionCheck = Callable[[models.Model], list[str]]

_CHECKS: dict[type[models.Model], list[DeletionCheck]] = {}


def register_deletion_check(model: type[models.Model], check: DeletionCheck) -> None:
    """`check(obj)` answers the sentences that say why `obj` may not be deleted (none: it may)."""
    checks = _CHECKS.setdefault(model, [])
    if check not in checks:
        checks.append(check)


def deletion_refusals(obj: models.Model) -> list[str]:
    """Why `obj` may not be deleted now, in the person's language; empty when it may."""
    return [reason for check in _CHECKS.get(type(obj), []) for reason in check(obj)]
