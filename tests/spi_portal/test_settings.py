"""Every setting is checked when the server starts, and a bad one stops it with a message that
names the variable (README.md, "Settings")."""

import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from spi_portal.settings.env import env_int, env_url, require
from tests.startup import ROOT, environment, manage, production

# Settings are read by a child process with an environment of each test's own, whatever database
# the suite runs on (the test database's own connection: test_database_connection.py).
pytestmark = pytest.mark.any_engine


@pytest.mark.parametrize("variable", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"])
def test_production_refuses_to_start_without(tmp_path, variable):
    result = manage(production(tmp_path, **{variable: ""}), "check")
    assert result.returncode != 0
    assert f"Configuration error: {variable} must be set in production" in result.stderr


def test_production_runs_on_sqlite_when_asked_for_it(tmp_path):
    result = manage(production(tmp_path), "check")
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("LOG_LEVEL", "banana"),
        ("CACHE_URL", "memcached://127.0.0.1:11211"),
        ("CACHE_URL", "127.0.0.1:6379"),
        ("DATABASE_URL", "mysql://portal:secret@db/portal"),
        ("SITE_URL", "spi.example.org"),
        ("SEARCH_BACKEND", "elastic"),
        ("DATABASE_CONN_MAX_AGE", "-1"),
        ("SECURE_SSL_REDIRECT", "maybe"),
    ],
)
def test_a_nonsense_value_stops_start_up_naming_the_variable(tmp_path, variable, value):
    result = manage(production(tmp_path, **{variable: value}), "check")
    assert result.returncode != 0
    assert f"Configuration error: {variable} must" in result.stderr


DANGEROUS = [
    ("SECRET_KEY", "abc"),
    ("SECRET_KEY", "dev-only-not-secret-3f9a1c7e2b5d8a0f6e4c1b9d7a2e5f8c0b3d6a9e"),
    ("SECRET_KEY", "django-insecure-" + "k3y" * 20),
    ("SECRET_KEY", "ab" * 40),
    ("ALLOWED_HOSTS", "*"),
    ("ALLOWED_HOSTS", "spi.example.org,*"),
    ("ALLOWED_HOSTS", "https://spi.example.org"),
    ("ALLOWED_HOSTS", "spi.example.org:8000"),
    ("DATABASE_URL", "postgres://"),
    ("DATABASE_URL", "postgres://spi:hunter2@db.internal:5432"),
    ("DATABASE_URL", "postgres:///spi"),
    ("DATABASE_URL", "sqlite://"),
    ("WEB_CONCURRENCY", "abc"),
    ("GUNICORN_TIMEOUT", "soon"),
    ("BIND", "8000"),
    ("BIND", "localhost"),
    ("BIND", "127.0.0.1:99999"),
    ("BIND", "unix:run/spi.sock"),
    ("FORWARDED_ALLOW_IPS", "proxy.internal"),
    ("FORWARDED_ALLOW_IPS", "10.0.0.1,"),
    ("CONTACT_EMAIL", "spi at example.org"),
    ("STAFF_SESSION_HOURS", "0"),
    ("DATABASE_STATEMENT_TIMEOUT", "5s"),
    ("DATABASE_CONNECT_TIMEOUT", "0"),
    *[
        (variable, folder)
        for variable in ("MEDIA_ROOT", "STATIC_ROOT", "SPI_VAR_DIR", "SEARCH_INDEX_DIR")
        for folder in ("/", "/etc", "/var", "/usr", "/proc/self", "//", "/var/../etc", "var/media")
    ],
]


@pytest.mark.parametrize(("variable", "value"), DANGEROUS)
def test_production_refuses_a_dangerous_value_in_one_line(tmp_path, variable, value):
    result = manage(production(tmp_path, **{variable: value}), "check")
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"Configuration error: {variable} ")
    assert "Traceback" not in result.stderr
    assert "hunter2" not in result.stderr  # a password in a database address stays out


def test_a_folder_symlinked_to_a_system_folder_is_refused(tmp_path):
    (tmp_path / "media").symlink_to("/etc")
    result = manage(production(tmp_path, MEDIA_ROOT=str(tmp_path / "media")), "check")
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "Configuration error: MEDIA_ROOT must be a folder of the portal's own, "
        "not the system folder /etc"
    )


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("ALLOWED_HOSTS", "spi.example.org,.example.org,192.0.2.1,[2001:db8::1],localhost"),
        ("BIND", "0.0.0.0:8000"),
        ("BIND", "[::1]:8000"),
        ("BIND", "unix:/run/spi/gunicorn.sock"),
        ("FORWARDED_ALLOW_IPS", "*"),
        ("FORWARDED_ALLOW_IPS", "127.0.0.1,10.0.0.0/8,::1"),
        ("CONTACT_EMAIL", "spi@example.org"),
        ("DATABASE_URL", "postgres://spi:secret@db.internal:5432/spi"),
    ],
)
def test_a_sound_value_is_accepted(tmp_path, variable, value):
    result = manage(production(tmp_path, **{variable: value}), "diffsettings")
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("variable", "value"),
    [("WEB_CONCURRENCY", "abc"), ("BIND", "nowhere"), ("SECRET_KEY", "abc")],
)
def test_gunicorn_refuses_a_bad_value_in_one_line(tmp_path, variable, value):
    env = production(tmp_path, **{variable: value})
    # WEB_CONCURRENCY=abc breaks gunicorn's own import, before it reads gunicorn.conf.py: the
    # start-up hook the portal installs (spi_portal_guard.pth, put in the environment by
    # `pip install .`, as every make target does) stops it first.
    result = subprocess.run(
        [str(Path(sys.executable).with_name("gunicorn")), "--bind", "127.0.0.1:0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert f"Configuration error: {variable} " in result.stderr
    assert "Traceback" not in result.stderr
    assert "Booting worker" not in result.stderr


def test_the_start_up_hook_leaves_other_programs_alone(tmp_path):
    env = production(tmp_path, WEB_CONCURRENCY="abc")
    start = f"import site; site.addsitedir({str(ROOT)!r}); print('ran')"
    result = subprocess.run(
        [sys.executable, "-c", start], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.stdout == "ran\n", result.stderr


def test_a_database_password_is_not_repeated_in_the_message(tmp_path):
    result = manage(production(tmp_path, DATABASE_URL="mysql://portal:secret@db/portal"), "check")
    assert "mysql://..." in result.stderr
    assert "secret" not in result.stderr


def test_postgres_search_on_sqlite_fails_the_system_check(tmp_path):
    result = manage(production(tmp_path, SEARCH_BACKEND="postgres"), "check")
    assert result.returncode != 0
    assert "search.E001" in result.stderr
    assert "SEARCH_BACKEND=postgres needs a PostgreSQL database" in result.stderr


def test_gunicorn_refuses_to_start_on_a_failing_system_check(tmp_path):
    # The check runs in gunicorn's master before any worker starts (gunicorn.conf.py).
    result = subprocess.run(
        [sys.executable, "-m", "gunicorn", "--bind", "127.0.0.1:0"],
        cwd=ROOT,
        env=production(tmp_path, SEARCH_BACKEND="postgres"),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "search.E001" in result.stderr
    assert "Booting worker" not in result.stderr


def test_a_redis_cache_url_configures_the_redis_cache(tmp_path):
    env = environment(CACHE_URL="redis://127.0.0.1:6379/1")
    result = subprocess.run(
        [sys.executable, "-c", "from spi_portal.settings import dev; print(dev.CACHES)"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "spi_portal.cache.ForgivingRedisCache" in result.stdout  # Django's, failing soft
    assert "redis://127.0.0.1:6379/1" in result.stdout


def test_postgresql_connections_never_compile_queries():
    from spi_portal.settings.base import database

    assert "-c jit=off" in database("postgres://u@db/spi")["OPTIONS"]["options"]
    chosen = database("postgres://u@db/spi?options=-c%20jit%3Don")["OPTIONS"]["options"]
    assert "jit=on" in chosen and "jit=off" not in chosen
    assert "options" not in database("sqlite:////tmp/spi.sqlite3")["OPTIONS"]


def test_url_must_name_a_host_when_asked(monkeypatch):
    monkeypatch.setenv("SITE_URL", "https:///path")
    with pytest.raises(ImproperlyConfigured, match="SITE_URL must name a host"):
        env_url("SITE_URL", None, ("https",), host=True)


def test_url_scheme_is_case_insensitive(monkeypatch):
    monkeypatch.setenv("CACHE_URL", "REDIS://cache:6379/0")
    assert env_url("CACHE_URL", None, ("redis",)) == "REDIS://cache:6379/0"


def test_unset_url_gives_the_default(monkeypatch):
    monkeypatch.delenv("CACHE_URL", raising=False)
    assert env_url("CACHE_URL", "locmem://", ("locmem",)) == "locmem://"


def test_whole_number_below_its_minimum_is_refused(monkeypatch):
    monkeypatch.setenv("WEB_CONCURRENCY", "0")
    with pytest.raises(ImproperlyConfigured, match="WEB_CONCURRENCY must be at least 1"):
        env_int("WEB_CONCURRENCY", 3, 1)


def test_require_names_the_missing_variable():
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY must be set"):
        require("SECRET_KEY", "")
    assert require("SECRET_KEY", "k") == "k"


@pytest.mark.parametrize(("debug", "shown"), [(None, "False"), ("1", "True")])
def test_development_shows_debug_pages_only_when_debug_is_set(tmp_path, debug, shown):
    variables = {"DJANGO_SETTINGS_MODULE": "spi_portal.settings.dev", "SPI_VAR_DIR": str(tmp_path)}
    if debug:
        variables["DEBUG"] = debug
    code = "from django.conf import settings; print('DEBUG', settings.DEBUG)"
    result = manage(environment(**variables), "shell", "-c", code)
    assert result.returncode == 0, result.stderr
    assert f"DEBUG {shown}" in result.stdout
