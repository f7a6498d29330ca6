"""Local development: the embedded default (SQLite, Whoosh on disk). Debug pages only with
``DEBUG=1``: a reader trying the portal sees the styled 404 and 500, not every URL pattern."""

from .base import *  # noqa: F403
from .base import MIDDLEWARE
from .env import env_bool, env_str

DEBUG = env_bool("DEBUG", False)
# A development-only key, so a fresh clone serves with no configuration; prod refuses to start
# without a real one.
SECRET_KEY = env_str("SECRET_KEY", "dev-only-not-secret-3f9a1c7e2b5d8a0f6e4c1b9d7a2e5f8c0b3d6a9e")
# Templates edited while the server runs must show on the next reload, so no whole-page cache.
CACHES["pages"] = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}  # noqa: F405
# With DEBUG off, runserver serves no static files: WhiteNoise serves them straight from the
# apps' and project's folders (no collectstatic), picking up edits as they are made.
MIDDLEWARE = [MIDDLEWARE[0], "whitenoise.middleware.WhiteNoiseMiddleware", *MIDDLEWARE[1:]]
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Editors' notifications are printed where the server runs.
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
