"""Read settings from environment variables, failing loudly on values that make no sense.

A mistyped setting should stop the server at start-up, not surface later as odd behaviour: every
helper raises ImproperlyConfigured with a message that names the variable.
"""

import ipaddress
import os
import re
import sys
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.validators import validate_email

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*)://", re.IGNORECASE)


def env_str(name: str, default: str | None = None) -> str | None:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def env_int(name: str, default: int, minimum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {value}")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    value = os.environ.get(name, default).strip().lower()
    if value not in choices:
        raise ImproperlyConfigured(f"{name} must be one of {', '.join(choices)}, not {value!r}")
    return value


def env_url(
    name: str, default: str | None, schemes: tuple[str, ...], *, host: bool = False
) -> str | None:
    """An address whose scheme is one of ``schemes`` (and, with ``host``, that names a host):
    ``CACHE_URL=redis:/localhost`` is refused here rather than failing on the first request."""
    raw = os.environ.get(name, "").strip() or default
    if raw is None:
        return None
    match = _SCHEME.match(raw)
    if not match or match[1].lower() not in schemes:
        # Only the scheme is repeated back: the rest of the address may hold a password.
        found = f"{match[1]}://..." if match else "no scheme"
        raise ImproperlyConfigured(
            f"{name} must be an address starting with {' or '.join(s + '://' for s in schemes)},"
            f" not {found}"
        )
    if host and not raw[match.end() :].split("/", 1)[0]:
        raise ImproperlyConfigured(f"{name} must name a host after {match[0]}")
    return raw


def require(name: str, value):
    """``value`` (read from the variable ``name``) when it is set; production has no safe
    default for it, so an empty one stops the server."""
    if not value:
        raise ImproperlyConfigured(
            f"{name} must be set in production (see README.md, 'Running in production')"
        )
    return value


# The system's own folders: a path setting naming one of these (or a folder inside the first
# group) would serve, index or overwrite files that are not the portal's.
_SYSTEM_TREES = ("/bin", "/boot", "/dev", "/etc", "/lib", "/lib32", "/lib64", "/proc", "/sbin",
                 "/sys", "/usr/bin", "/usr/lib", "/usr/sbin")  # fmt: skip
_SYSTEM_FOLDERS = {"/", "/home", "/media", "/mnt", "/opt", "/root", "/run", "/srv", "/tmp", "/usr",
                   "/usr/local", "/usr/share", "/var", "/var/lib", "/var/tmp"}  # fmt: skip


def _is_system_folder(path: str) -> bool:
    return path in _SYSTEM_FOLDERS or any(
        path == tree or path.startswith(tree + "/") for tree in _SYSTEM_TREES
    )


def env_path(name: str, default: str) -> Path:
    """A folder the portal writes to: absolute, and neither ``/`` nor a system folder such as
    ``/etc`` or ``/var`` (a symbolic link to one counts as one)."""
    raw = os.environ.get(name, "").strip() or default
    if not os.path.isabs(raw):
        raise ImproperlyConfigured(f"{name} must be an absolute path, not {raw!r}")
    # normpath keeps a leading "//" (POSIX leaves its meaning open); it is "/" here.
    path = "/" + os.path.normpath(raw).lstrip("/")
    for seen in (path, os.path.realpath(path)):
        if _is_system_folder(seen):
            raise ImproperlyConfigured(
                f"{name} must be a folder of the portal's own, not the system folder {seen}"
            )
    return Path(path)


def env_email(name: str, default: str = "") -> str:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        validate_email(raw)
    except ValidationError:
        raise ImproperlyConfigured(
            f"{name} must be an email address such as spi@example.org, not {raw!r}"
        ) from None
    return raw


# A name Django can match against the Host header: a host name (a leading dot allows its
# subdomains), an IPv4 address, an IPv6 address in brackets, or "*" (any host).
_HOST = re.compile(
    r"^(\*|\.?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*\.?|\[[0-9a-f:.]+\])$",
    re.IGNORECASE,
)


def env_hosts(name: str, default: list[str]) -> list[str]:
    hosts = env_list(name, default)
    for host in hosts:
        if not _HOST.match(host):
            raise ImproperlyConfigured(
                f"{name} must list host names (spi.example.org, .example.org, 192.0.2.1, "
                f"[2001:db8::1]) without scheme, port or path, not {host!r}"
            )
    return hosts


def env_addresses(name: str, default: str) -> str:
    """Proxy addresses whose forwarded headers are believed: ``*`` or IP addresses and networks
    separated by commas."""
    raw = os.environ.get(name, "").strip() or default
    if raw == "*":
        return raw
    for item in raw.split(","):
        try:
            ipaddress.ip_network(item.strip(), strict=False)
        except ValueError:
            raise ImproperlyConfigured(
                f"{name} must be * or IP addresses separated by commas, not {item.strip()!r}"
            ) from None
    return raw


def _port_ok(port: str) -> bool:
    return port.isdigit() and 0 <= int(port) <= 65535


def env_bind(name: str, default: str) -> str:
    """Where a server listens: ``host:port``, ``[ipv6]:port`` or ``unix:/absolute/path``."""
    raw = os.environ.get(name, "").strip() or default
    if raw.startswith("unix:"):
        ok = os.path.isabs(raw[len("unix:") :])
    elif raw.startswith("["):
        address, _, port = raw[1:].partition("]:")
        ok = _port_ok(port) and _is_ip(address)
    else:
        host, _, port = raw.rpartition(":")
        ok = _port_ok(port) and bool(_HOST.match(host)) and host != "*"
    if not ok:
        raise ImproperlyConfigured(
            f"{name} must be host:port (127.0.0.1:8000, [::1]:8000) or unix:/absolute/path,"
            f" not {raw!r}"
        )
    return raw


def _is_ip(address: str) -> bool:
    try:
        ipaddress.ip_address(address)
    except ValueError:
        return False
    return True


# Keys that are public: committed for development and tests, or Django's own placeholder.
_PUBLIC_KEY_MARKS = ("not-secret", "django-insecure", "changeme", "change-me", "secret_key")
SECRET_KEY_LENGTH = 50


def check_secret_key(name: str, key: str) -> str:
    """A production key: long, varied and not one anyone else can read in this repository."""
    if len(key) < SECRET_KEY_LENGTH or len(set(key)) < 5:
        raise ImproperlyConfigured(
            f"{name} must be at least {SECRET_KEY_LENGTH} random characters, e.g. the output of"
            " python3 -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
    if any(mark in key.lower() for mark in _PUBLIC_KEY_MARKS):
        raise ImproperlyConfigured(
            f"{name} is a published development or placeholder key; make a new one"
        )
    return key


def server_options(cpu_count: int) -> dict:
    """gunicorn's values from the environment (gunicorn.conf.py); production's settings read
    them too, so ``manage.py check`` refuses a bad one before gunicorn is started."""
    return {
        "bind": env_bind("BIND", "127.0.0.1:8000"),
        # gunicorn's own rule of thumb: two workers per core plus one, so one worker waiting on
        # the database never leaves a core idle.
        "workers": env_int("WEB_CONCURRENCY", cpu_count * 2 + 1, 1),
        # A request still running after this long is stuck (every page answers in well under a
        # second); the worker is replaced rather than holding its slot for ever.
        "timeout": env_int("GUNICORN_TIMEOUT", 30, 1),
        # Addresses of the reverse proxy whose X-Forwarded-* headers are believed.
        "forwarded_allow_ips": env_addresses("FORWARDED_ALLOW_IPS", "127.0.0.1"),
    }


def exit_on_bad_settings() -> None:
    """Read the settings now and stop the process with their one-line message if a value is
    refused: a start-up error is for an operator, who needs the variable, not a traceback."""
    from django.conf import settings

    try:
        settings.INSTALLED_APPS  # noqa: B018 (reading it imports the settings module)
    except ImproperlyConfigured as error:
        stop(error)


def stop(error: ImproperlyConfigured):
    """End the process with the refused setting's message on one line of stderr, status 1."""
    print(f"Configuration error: {error}", file=sys.stderr)
    raise SystemExit(1) from None
