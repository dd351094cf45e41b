from typing import Any

from django.db import migrations


def load_builtin_templates(apps: Any, schema_editor: Any) -> None:
    from officina.boards.builtin_templates import BUILTIN_TEMPLATES

    board_template = apps.get_model("boards", "BoardTemplate")
    for template in BUILTIN_TEMPLATES:
        board_template.objects.update_or_create(
            organisation=None,
            key=template["key"],
            defaults={
                "name": template["name"],
                "description": template["description"],
                "structure": template["structure"],
                "position": template["position"],
            },
        )


class Migration(migrations.Migration):
    dependencies = [("boards", "0001_initial")]

    operations = [migrations.RunPython(load_builtin_templates, migrations.RunPython.noop)]
