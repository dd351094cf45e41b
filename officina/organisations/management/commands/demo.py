"""`officina demo`: load the demo organisation once, then print the accounts to sign in with."""

import time
from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from officina.organisations.demo import (
    DEMO_ACCOUNTS,
    DEMO_NAME,
    DEMO_PASSWORD,
    DEMO_SLUG,
    DemoConflictError,
    demo_build,
    demo_exists,
)
from officina.organisations.models import Organisation


class Command(BaseCommand):
    help = "Load the demo organisation (Unione Tresinaro Secchia) unless it exists; list accounts."
    # `make run` has just run migrate (and its checks); skipping them keeps a second run quick.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load the demo even with OFFICINA_DEMO off. Its accounts share a published "
            "password: "
            "never use this on a real installation.",
        )

    def handle(self, *args: Any, force: bool = False, **options: Any) -> None:
        if demo_exists():
            self.stdout.write(_("Demo data already loaded: nothing to do."))
        else:
            if not settings.OFFICINA_DEMO and not force:
                raise CommandError(
                    "OFFICINA_DEMO is off: refusing to create accounts with the published demo "
                    "password (use --force on a throw-away installation)."
                )
            started = time.perf_counter()
            try:
                demo_build()
            except DemoConflictError as error:
                raise CommandError(
                    "Demo accounts exist but the demo organisation does not: "
                    "start from an empty database (delete var/officina.sqlite3)."
                ) from error
            elapsed = time.perf_counter() - started
            self.stdout.write(
                self.style.SUCCESS(
                    _("Demo data loaded in %(seconds).1f s: %(name)s, its enti and people.")
                    % {"seconds": elapsed, "name": DEMO_NAME}
                )
            )
        self._run_seeders()
        self._print_accounts()

    def _run_seeders(self) -> None:
        """Demo content of other apps (boards…), named in settings so this app imports none.

        Each seeder is idempotent, so an installation loaded before an app existed gets its
        demo content on the next run.
        """
        organisation = Organisation.objects.get(slug=DEMO_SLUG)
        for path in getattr(settings, "OFFICINA_DEMO_SEEDERS", ()):
            import_string(path)(organisation)

    def _print_accounts(self) -> None:
        self.stdout.write("")
        self.stdout.write(
            _("Demo accounts (password for all: %(password)s)") % {"password": DEMO_PASSWORD}
        )
        width = max(len(account.email) for account in DEMO_ACCOUNTS) + 2
        for account in DEMO_ACCOUNTS:
            self.stdout.write(f"  {account.email:<{width}}{account.description}")
        self.stdout.write("")
