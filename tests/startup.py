"""Start the project's commands in a child process with a chosen environment: settings are read
once, when the process starts, so that is where their validation shows."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Every variable the settings read; a child starts from none of them unless a test gives it.
SETTING_VARIABLES = {
    "DJANGO_SETTINGS_MODULE", "DATABASE_URL", "DATABASE_CONN_MAX_AGE", "SEARCH_BACKEND",
    "SEARCH_INDEX_DIR", "SECRET_KEY", "ALLOWED_HOSTS", "SITE_URL", "DEBUG", "CACHE_URL",
    "SPI_VAR_DIR", "MEDIA_ROOT", "STATIC_ROOT", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_PRELOAD", "LOG_LEVEL", "BIND", "WEB_CONCURRENCY", "GUNICORN_TIMEOUT",
    "FORWARDED_ALLOW_IPS", "CONTACT_EMAIL", "DATABASE_CONNECT_TIMEOUT",
    "DATABASE_STATEMENT_TIMEOUT", "STAFF_SESSION_HOURS",
}  # fmt: skip


def environment(**variables: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in SETTING_VARIABLES}
    return env | variables


def production(tmp_path: Path, **variables: str) -> dict[str, str]:
    """The variables production needs, on a SQLite file under ``tmp_path``; ``variables``
    override or (given as "") blank them."""
    required = {
        "DJANGO_SETTINGS_MODULE": "spi_portal.settings.prod",
        "SECRET_KEY": "test-production-key-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'portal.sqlite3'}",
        "SPI_VAR_DIR": str(tmp_path / "var"),
    }
    chosen = required | variables
    return environment(**{k: v for k, v in chosen.items() if v != ""})


def manage(env: dict[str, str], *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
