"""Stops ``gunicorn`` with one line when ``WEB_CONCURRENCY`` is not a number.

gunicorn reads ``WEB_CONCURRENCY`` with ``int()`` while it is being imported, before it reads
gunicorn.conf.py (where the portal checks every other variable), so a bad value ends in
gunicorn's own traceback. Installing the portal (``pip install .``, as ``make prod`` does) puts
this module in the environment with ``spi_portal_guard.pth``, which Python runs at start-up:
it runs before gunicorn is imported. It is self-contained (the portal's own folder is not on
the path yet) and does nothing for any other program.
"""

import os
import sys
from pathlib import Path


def started_as_gunicorn(argv: list[str], orig_argv: list[str]) -> bool:
    if argv and Path(argv[0]).name == "gunicorn":
        return True
    # python -m gunicorn: at start-up argv[0] is still "-m"; the module is named in orig_argv.
    return bool(argv) and argv[0] == "-m" and "gunicorn" in orig_argv


def refusal(environ) -> str | None:
    """The one-line message for a WEB_CONCURRENCY gunicorn cannot read, worded as the settings
    word it (``spi_portal.settings.env.env_int``), or None."""
    raw = environ.get("WEB_CONCURRENCY")
    if raw is None:
        return None
    try:
        int(raw)
    except ValueError:
        return f"Configuration error: WEB_CONCURRENCY must be a whole number, not {raw!r}"
    return None  # a number below 1 is gunicorn.conf.py's to refuse, as every other value


def check() -> None:
    if not started_as_gunicorn(sys.argv, getattr(sys, "orig_argv", [])):
        return
    message = refusal(os.environ)
    if message:
        print(message, file=sys.stderr, flush=True)
        # SystemExit while Python is still starting would be reported as a fatal error.
        os._exit(1)


check()
