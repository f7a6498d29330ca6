"""``/healthz``: whether this server can do its work, for a load balancer or a monitor.

Three checks, each reported with what it found: the database answers a query; the search index
is readable and holds one document per published record (or is catching up with queued
updates); the cache stores a value and gives it back. 200 when all hold, 503 naming what fails.
Never cached, and never a 500: a failing check is a finding, not an error.
"""

import time
import uuid

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache

from search.backends import IndexUnavailable, get_backend
from search.indexing import count_public
from search.models import PendingUpdate


def check_database() -> dict:
    # A table, not "SELECT 1": a damaged SQLite file answers that without reading a page.
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM django_migrations")
    return {"ok": True}


# A publish commits before its index update does, and the queue row goes just before the index
# commit: the three counts are read at slightly different moments, so a difference is looked at
# again before it is reported. Only one that lasts is a fault.
SEARCH_LOOKS = 3
SEARCH_LOOK_PAUSE = 0.2


def check_search() -> dict:
    backend = get_backend()
    for look in range(SEARCH_LOOKS):
        if look:
            time.sleep(SEARCH_LOOK_PAUSE)
        published, pending = count_public(), PendingUpdate.objects.count()
        documents = backend.document_count()
        found = {"engine": backend.name, "documents": documents, "published": published}
        if documents == published or pending:
            return {"ok": True, "pending_updates": pending, **found}
    return {"ok": False, "error": "index and published records differ", **found}


def check_cache() -> dict:
    key, value = f"healthz:{uuid.uuid4().hex}", uuid.uuid4().hex
    cache.set(key, value, timeout=10)
    read = cache.get(key)
    cache.delete(key)
    if read != value:
        return {"ok": False, "error": "a value written to the cache was not read back"}
    return {"ok": True}


def run_check(check) -> dict:
    try:
        return check()
    except (DatabaseError, IndexUnavailable) as error:
        return {"ok": False, "error": str(error).strip() or type(error).__name__}


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    checks = {"database": run_check(check_database)}
    if checks["database"]["ok"]:
        checks["search"] = run_check(check_search)
    else:
        checks["search"] = {"ok": False, "error": "needs the database"}
    checks["cache"] = run_check(check_cache)
    failing = [name for name, result in checks.items() if not result["ok"]]
    return JsonResponse(
        {"status": "failing" if failing else "ok", "failing": failing, "checks": checks},
        status=503 if failing else 200,
    )
