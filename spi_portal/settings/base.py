"""Settings shared by every environment. Each value that differs by deployment comes from the
environment (see README.md, "Settings"); dev, test and prod only adjust what they must."""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from .env import env_bool, env_choice, env_email, env_hosts, env_int, env_path, env_str, env_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent
# Everything the portal writes at run time (SQLite file, search index, uploads) lives under one
# folder outside git, so a fresh clone starts clean.
VAR_DIR = env_path("SPI_VAR_DIR", str(BASE_DIR / "var"))

DEBUG = False
SECRET_KEY = env_str("SECRET_KEY")
ALLOWED_HOSTS = env_hosts("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
# Empty: absolute links name the address each request came to (see projects/site.py).
SITE_URL = (env_url("SITE_URL", None, ("http", "https"), host=True) or "").rstrip("/")
# Where readers send corrections and questions (an email address), shown on the about and open
# data pages; nothing is shown until it is set.
CONTACT_EMAIL = env_email("CONTACT_EMAIL")
# Editors' notifications (work submitted for review, returned with a comment) go through
# Django's mail settings: an SMTP server here, the console in development.
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_email("DEFAULT_FROM_EMAIL", "editors@localhost")

# The pages of a project, a strategy and a crime problem show lessons too, so the site serves
# them (spi_portal/urls.py) and gives their models the address, which the projects app cannot
# name.
ABSOLUTE_URL_OVERRIDES = {
    "projects.project": lambda project: reverse("case-study", args=[project.slug]),
    "projects.strategy": lambda term: reverse("strategy-detail", args=[term.slug]),
    "projects.crimeproblem": lambda term: reverse("crime-problem-detail", args=[term.slug]),
}

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django_filters",
    "csp",
    "axes",
    "editorial",
    "projects",
    "lessons",
    "search",
    "spi_portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before anything reads the method or the host (see spi_portal.middleware.RequestRules).
    "spi_portal.middleware.RequestRules",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # After the redirects of CommonMiddleware, before anything that reads the user or sets a
    # cookie: a cached page is one no visitor could tell apart from a fresh one.
    "spi_portal.middleware.PublicPageCache",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    # Last, as django-axes requires: it answers a locked-out login with the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "spi_portal.urls"
WSGI_APPLICATION = "spi_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "spi_portal.context_processors.site",
            ],
        },
    },
]

DATABASE_SCHEMES = ("postgres", "postgresql", "pgsql", "sqlite")


# A database that stops answering must turn into a 503 well before gunicorn's worker timeout
# (GUNICORN_TIMEOUT) kills the worker and the visitor gets an empty reply: connecting gives up
# after DATABASE_CONNECT_TIMEOUT, a statement after DATABASE_STATEMENT_TIMEOUT (PostgreSQL
# cancels it; SQLite stops waiting for another connection's lock). manage.py lifts the statement
# limit (0) for its commands, whose migrations and rebuilds may rightly run longer.
DATABASE_CONNECT_TIMEOUT = env_int("DATABASE_CONNECT_TIMEOUT", 3, 1)
DATABASE_STATEMENT_TIMEOUT = env_int("DATABASE_STATEMENT_TIMEOUT", 5, 0)
# SQLite has no "wait for ever": a command with no limit waits up to an hour for a lock.
_SQLITE_LONGEST_WAIT = 3600


def database(url: str) -> dict:
    """Django's database settings for ``url`` (PostgreSQL or SQLite)."""
    config = dj_database_url.parse(url, conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60, 0))
    if config["ENGINE"] == "django.db.backends.sqlite3":
        if config["NAME"] in ("", ":memory:"):
            raise ImproperlyConfigured(
                "DATABASE_URL must name a database file: sqlite:////absolute/path.sqlite3"
            )
        Path(config["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        # Django's backend, with connections that follow the file when it is replaced or
        # deleted (spi_portal/db/sqlite3/base.py), checked at each request's first query.
        config["ENGINE"] = "spi_portal.db.sqlite3"
        config["CONN_HEALTH_CHECKS"] = True
        # The tests' database in memory, as Django makes it for its own SQLite backend (and as
        # pytest-django leaves it, one per xdist worker, only when the name says so).
        config["TEST"] = {"NAME": ":memory:"}
        # Writers take the lock when their transaction starts and wait for it, so two editors
        # saving at once queue up instead of one failing with "database is locked".
        config.setdefault("OPTIONS", {}).update(
            {
                "transaction_mode": "IMMEDIATE",
                "timeout": DATABASE_STATEMENT_TIMEOUT or _SQLITE_LONGEST_WAIT,
            }
        )
        return config
    if not config["HOST"] or not config["NAME"]:
        # Without them psycopg quietly tries a local socket and the user's own database.
        raise ImproperlyConfigured(
            "DATABASE_URL must name a host and a database: postgres://user:password@host:5432/name"
        )
    options = config.setdefault("OPTIONS", {})
    options.setdefault("connect_timeout", DATABASE_CONNECT_TIMEOUT)
    # PostgreSQL compiles a query to machine code (JIT) once its estimated cost is high, as
    # counting facets over ten thousand projects is: 0.4 s of compiling for 0.07 s of work.
    # A page's queries never repay it. A URL that sets jit (or statement_timeout) itself keeps
    # its choice.
    chosen = options.get("options", "")
    if "jit" not in chosen:
        chosen = f"{chosen} -c jit=off"
    if "statement_timeout" not in chosen:
        chosen = f"{chosen} -c statement_timeout={DATABASE_STATEMENT_TIMEOUT * 1000}"
    options["options"] = chosen.strip()
    return config


# The embedded default: SQLite in var/, which a fresh clone does not have yet. Production
# requires DATABASE_URL (an explicit sqlite:/// address keeps this engine there).
DATABASES = {
    "default": database(
        env_url("DATABASE_URL", f"sqlite:///{VAR_DIR / 'spi_portal.sqlite3'}", DATABASE_SCHEMES)
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# django-axes checks every login against its record of failures (in the database, so it holds on
# SQLite and across several servers): after AXES_FAILURE_LIMIT wrong passwords for one account
# from one address within the cool-off time, that pair is refused, even the right password,
# until the time passes or `manage.py axes_reset_username NAME` lifts it.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "America/New_York"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env_path("STATIC_ROOT", str(VAR_DIR / "static"))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "spi_portal.storage.MediaStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = env_path("MEDIA_ROOT", str(VAR_DIR / "media"))

# Search: "whoosh" keeps an index on this server's disk (the embedded default); "postgres" keeps
# it in the shared database, for several web servers behind one database.
SEARCH_BACKEND = env_choice("SEARCH_BACKEND", "whoosh", ("whoosh", "postgres"))
SEARCH_INDEX_DIR = env_path("SEARCH_INDEX_DIR", str(VAR_DIR / "search_index"))

# One cache per server in local memory (the embedded default), or Redis shared by every server.
_CACHE_URL = env_url("CACHE_URL", "locmem://", ("locmem", "redis", "rediss"))
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    if _CACHE_URL.startswith("locmem")
    else {
        # Redis that answers a miss when it is down (see spi_portal.cache), and soon.
        "BACKEND": "spi_portal.cache.ForgivingRedisCache",
        "LOCATION": _CACHE_URL,
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
}
# Whole public pages (spi_portal.middleware), apart from the rest so each can be cleared alone.
CACHES["pages"] = {**CACHES["default"], "KEY_PREFIX": "pages"}
# A page larger than this is served but not kept: one huge page cannot crowd out the others.
PAGE_CACHE_MAX_BYTES = env_int("PAGE_CACHE_MAX_BYTES", 2 * 1024 * 1024, 0)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {
        "handlers": ["console"],
        "level": env_choice(
            "LOG_LEVEL", "warning", ("debug", "info", "warning", "error", "critical")
        ).upper(),
    },
}

# Only this site's own files run or style a page: no inline script, style element or style
# attribute anywhere (JSON-LD is data, which browsers never execute, so the policy leaves it be).
# Nothing else may be loaded, framed, or receive a form.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# Powerful browser features the portal never uses, switched off for it and anything it embeds.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer", "autoplay", "camera", "display-capture", "geolocation", "gyroscope",
        "magnetometer", "microphone", "midi", "payment", "usb",
    )
}  # fmt: skip

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
CSRF_COOKIE_HTTPONLY = False
SESSION_COOKIE_HTTPONLY = True
# Only staff sign in: a session left open on a shared computer lasts one working day.
STAFF_SESSION_HOURS = env_int("STAFF_SESSION_HOURS", 8, 1)
SESSION_COOKIE_AGE = STAFF_SESSION_HOURS * 3600
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
