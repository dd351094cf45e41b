#!/usr/bin/env python
"""Django's command-line utility for developers: the `officina` command on the embedded settings.

`officina` (the console script) runs the same commands and defaults to production settings.
"""

import os

from officina.cli import main

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    main()
