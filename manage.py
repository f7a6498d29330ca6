#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "spi_portal.settings.dev")
    # Commands (migrate, rebuild_index, backup) may rightly run statements longer than a page
    # may; the web server keeps the limit (see spi_portal/settings/base.py).
    os.environ.setdefault("DATABASE_STATEMENT_TIMEOUT", "0")
    from django.core.management import execute_from_command_line

    from spi_portal.settings.env import exit_on_bad_settings

    exit_on_bad_settings()

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
