"""The staff directory as rows for HR's export: headers in the person's language, one row per
person. `common.spreadsheets` turns them into CSV, ODS or XLSX."""

from collections.abc import Iterable, Iterator

from django.utils.translation import gettext as _

from officina.common.spreadsheets import Row
from officina.organisations.models import Employment


def person_headers() -> list[str]:
    return [
        _("Surname"),
        _("Name"),
        _("E-mail"),
        _("Public body"),
        _("Unit"),
        _("Job title"),
        _("Active"),
        _("Teams"),
    ]


def person_rows(employments: Iterable[Employment]) -> Iterator[Row]:
    """Rows of employments read by `selectors.person_export_list_for_actor` (teams prefetched)."""
    yes, no = _("yes"), _("no")
    for employment in employments:
        user = employment.user
        teams = "; ".join(m.team.name for m in getattr(user, "memberships_here", ()))
        yield [
            user.last_name,
            user.first_name,
            user.email,
            employment.ente.name,
            employment.org_unit.name if employment.org_unit else "",
            employment.job_title,
            yes if employment.is_active else no,
            teams,
        ]
