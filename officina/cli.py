"""The `officina` console command: Django's manage.py under a name people can remember."""

import os
import sys


def main() -> None:
    """Run a Django management command (`officina migrate`, `officina demo`, ...)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
