#!/usr/bin/env python
"""Django's command-line utility; `officina` (the console script) is the same entry point."""

from officina.cli import main

if __name__ == "__main__":
    main()
