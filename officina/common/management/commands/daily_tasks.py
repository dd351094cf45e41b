"""`officina daily_tasks`: run the daily tasks now, in this process (for cron).

`officina serve` enqueues `OFFICINA_DAILY_TASKS` at start and then every 24 hours, so they run at
whatever hour the server started. An office that wants recurring cards and due-date reminders
ready at 7:00 adds `officina daily_tasks` to cron at that hour; every daily task is idempotent,
so running them again the same day does nothing twice. `--only recurring_cards` runs one.
"""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.module_loading import import_string


class Command(BaseCommand):
    help = "Run the daily tasks (OFFICINA_DAILY_TASKS) now, in this process; safe to repeat."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--only",
            action="append",
            default=[],
            metavar="NAME",
            help="run only this task (its last name, e.g. recurring_cards); may repeat",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        paths = list(settings.OFFICINA_DAILY_TASKS)
        wanted = set(options["only"])
        names = {path.rsplit(".", 1)[1] for path in paths}
        unknown = sorted(wanted - names)
        if unknown:
            raise CommandError(
                f"Unknown daily task: {', '.join(unknown)}. Known: {', '.join(sorted(names))}."
            )
        for path in paths:
            name = path.rsplit(".", 1)[1]
            if wanted and name not in wanted:
                continue
            result = import_string(path).call()
            self.stdout.write(f"{name}: {result}")
