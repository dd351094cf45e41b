from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    """Board roles (decision 0039). Boards that exist keep their invited guests' rights
    ("edit"): the field is added with that default for the rows already there, then the
    default becomes "comment" for the boards created from now on."""

    dependencies = [
        ("boards", "0005_card_watch"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="board",
            name="guest_rights",
            field=models.CharField(
                choices=[
                    ("comment", "Comment only"),
                    ("edit", "Create, edit and move cards, and comment"),
                ],
                default="edit",
                max_length=10,
                verbose_name="invited guests may",
            ),
        ),
        migrations.AlterField(
            model_name="board",
            name="guest_rights",
            field=models.CharField(
                choices=[
                    ("comment", "Comment only"),
                    ("edit", "Create, edit and move cards, and comment"),
                ],
                default="comment",
                max_length=10,
                verbose_name="invited guests may",
            ),
        ),
        migrations.AddField(
            model_name="board",
            name="managers",
            field=models.ManyToManyField(
                blank=True,
                help_text=(
                    "Members of the team who manage the board's structure and settings, "
                    "besides the team's leads."
                ),
                related_name="managed_boards",
                to=settings.AUTH_USER_MODEL,
                verbose_name="managers",
            ),
        ),
    ]
