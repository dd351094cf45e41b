"""Cards are ordered by sparse ranks instead of dense positions (decision 0029).

The rank is added beside the position, filled from it cell by cell (in progress first, then
ready, each in its old order, GAP apart), and the position is dropped.
"""

from django.db import migrations, models

GAP = 1 << 16  # officina.common.ranks.GAP at the time of this migration


def ranks_from_positions(apps, schema_editor):
    WorkItem = apps.get_model("boards", "WorkItem")
    cards = (
        WorkItem.objects.order_by("column_id", "swimlane_id", "is_ready", "position", "pk")
        .values_list("pk", "column_id", "swimlane_id", "is_ready")
        .iterator(chunk_size=2000)
    )
    cell, index, batch = None, 0, []
    for pk, column_id, swimlane_id, is_ready in cards:
        if (column_id, swimlane_id, is_ready) != cell:
            cell, index = (column_id, swimlane_id, is_ready), 0
        index += 1
        batch.append(WorkItem(pk=pk, rank=index * GAP))
        if len(batch) == 500:
            WorkItem.objects.bulk_update(batch, ["rank"])
            batch = []
    if batch:
        WorkItem.objects.bulk_update(batch, ["rank"])


class Migration(migrations.Migration):
    dependencies = [
        ("boards", "0003_history_resolution_addresses"),
    ]

    operations = [
        migrations.AddField(
            model_name="workitem",
            name="rank",
            field=models.BigIntegerField(default=0, verbose_name="rank"),
        ),
        migrations.RunPython(ranks_from_positions, migrations.RunPython.noop, elidable=True),
        migrations.RemoveIndex(model_name="workitem", name="workitem_open_cell"),
        migrations.RemoveField(model_name="workitem", name="position"),
        migrations.AddIndex(
            model_name="workitem",
            index=models.Index(
                condition=models.Q(("archived_at__isnull", True)),
                fields=["board", "column", "swimlane", "is_ready", "rank"],
                name="workitem_open_cell_rank",
            ),
        ),
    ]
