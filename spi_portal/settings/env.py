"""Read settings from environment variables, failing loudly on values that make no sense.

A mistyped setting should stop the server at start-up, not surface later as odd behaviour: every
helper raises ImproperlyConfigured with a message that names the variable.
"""

import os
import re

from django.core.exceptions import ImproperlyConfigured

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
