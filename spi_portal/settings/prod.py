"""Production: refuses to start without a database address, a secret key and the host names it
serves; static files from WhiteNoise, secure cookies and HTTPS by default."""

import multiprocessing

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DATABASE_SCHEMES, MIDDLEWARE, database
from .env import (
    check_secret_key,
    env_bool,
    env_hosts,
    env_int,
    env_str,
    env_url,
    require,
    server_options,
)

# No embedded defaults here: a server that silently ran on a fresh SQLite file or a guessable
# key would look healthy while being wrong. SQLite stays available by asking for it:
# DATABASE_URL=sqlite:////srv/spi/spi_portal.sqlite3.
SECRET_KEY = check_secret_key("SECRET_KEY", require("SECRET_KEY", env_str("SECRET_KEY")))
ALLOWED_HOSTS = require("ALLOWED_HOSTS", env_hosts("ALLOWED_HOSTS", []))
if "*" in ALLOWED_HOSTS:
    # Any Host header would then be believed, and links and cached pages built from it.
    raise ImproperlyConfigured("ALLOWED_HOSTS must name this site's hosts, not *")
DATABASES = {
    "default": database(require("DATABASE_URL", env_url("DATABASE_URL", None, DATABASE_SCHEMES)))
}

# gunicorn reads its own variables (gunicorn.conf.py), and crashes with a traceback on some bad
# ones before that file runs; checked here too, `manage.py check` refuses them in one line.
SERVER_OPTIONS = server_options(multiprocessing.cpu_count())

# WhiteNoise serves the collected static files from gunicorn itself: compressed copies, and
# names carrying a content hash so they are cached for a year and a change is a new name.
MIDDLEWARE = [MIDDLEWARE[0], "whitenoise.middleware.WhiteNoiseMiddleware", *MIDDLEWARE[1:]]
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000, 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
