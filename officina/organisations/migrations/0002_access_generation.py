import secrets

from django.db import migrations, models


def create_generation(apps, schema_editor):  # type: ignore[no-untyped-def]
    AccessGeneration = apps.get_model("organisations", "AccessGeneration")
    AccessGeneration.objects.using(schema_editor.connection.alias).create(
        pk=1, token=secrets.token_hex(16)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("organisations", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="AccessGeneration",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("token", models.CharField(max_length=32)),
            ],
            options={
                "verbose_name": "access generation",
                "verbose_name_plural": "access generations",
            },
        ),
        migrations.RunPython(create_generation, migrations.RunPython.noop),
    ]
