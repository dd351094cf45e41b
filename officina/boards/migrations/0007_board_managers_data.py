from typing import Any

from django.db import migrations


def name_first_managers(apps: Any, schema_editor: Any) -> None:
    """Leads manage their team's boards by rule. So that no board is left without a manager,
    and a member who made a board keeps managing it, name as managers: the member who
    created each board, and every member of a team that has no lead (decision 0039)."""
    board_model = apps.get_model("boards", "Board")
    membership_model = apps.get_model("organisations", "TeamMembership")
    through = board_model.managers.through
    members_by_team: dict[int, set[int]] = {}
    teams_with_lead: set[int] = set()
    for team_id, user_id, role in membership_model.objects.values_list(
        "team_id", "user_id", "role"
    ):
        if role == "lead":
            teams_with_lead.add(team_id)
        elif role == "member":
            members_by_team.setdefault(team_id, set()).add(user_id)
    namings = []
    for board_id, team_id, creator_id in board_model.objects.values_list(
        "pk", "team_id", "created_by_id"
    ):
        members = members_by_team.get(team_id, set())
        named = set(members) if team_id not in teams_with_lead else set()
        if creator_id in members:
            named.add(creator_id)
        namings.extend(through(board_id=board_id, user_id=user_id) for user_id in sorted(named))
    through.objects.bulk_create(namings, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [
        ("boards", "0006_board_roles"),
        ("organisations", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(name_first_managers, migrations.RunPython.noop),
    ]
