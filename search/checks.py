"""Start-up checks across settings: a combination that cannot work stops the server (``manage.py
check``, ``make prod`` and gunicorn's start) instead of answering 500 at /search/."""

from django.conf import settings
from django.core.checks import Error, register


@register()
def search_backend_matches_database(app_configs, **kwargs) -> list[Error]:
    if settings.SEARCH_BACKEND != "postgres":
        return []
    engine = settings.DATABASES["default"]["ENGINE"]
    if "postgresql" in engine or "postgis" in engine:
        return []
    return [
        Error(
            f"SEARCH_BACKEND=postgres needs a PostgreSQL database, but DATABASE_URL points to "
            f"{engine.rsplit('.', 1)[-1]}.",
            hint="Set DATABASE_URL to a postgres:// address, or SEARCH_BACKEND=whoosh.",
            id="search.E001",
        )
    ]
