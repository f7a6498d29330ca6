"""``/healthz``: whether this server can do its work, for a load balancer or a monitor.

Four checks, each reported with what it found:

- the database answers a query and can be written (a SQLite file still in place and writable,
  a PostgreSQL server not read-only);
- the search index is readable and writable, holds one document per published record (or is
  catching up with queued updates) and has no update waiting longer than a minute;
- the cache stores a value and gives it back;
- the disk holding the database, the index and the uploads has room left.

200 when all hold, 503 naming what fails. Never cached, and never a 500: a failing check is a
finding, not an error. What is shown names the fault in words and never a path or a host (the
details go to the log). Each check runs in a thread of its own and the answer waits for them
at most ``CHECK_SECONDS``: a load balancer hears back within two seconds whatever hangs, and a
check still running then is reported as not answering (its database statement ends by the
statement timeout, so the thread ends too, and the worker lives on).
"""

import logging
import os
import shutil
import threading
import time
import uuid
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection, connections
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache

from search.backends import IndexUnavailable, get_backend
from search.indexing import count_public
from search.models import PendingUpdate
from spi_portal.outage import database_fault

logger = logging.getLogger(__name__)

CHECK_SECONDS = 1.5
# Below this, an upload, a save or an index update may be the one that fills the disk.
MIN_FREE_BYTES = 100 * 1024 * 1024
# An update still queued after this is stuck, not catching up: edits are missing from search.
PENDING_TOO_LONG = timedelta(minutes=1)


class Fault(Exception):
    """What a check found wrong, in words that may be shown to anyone."""


def _sqlite_file() -> Path | None:
    if connection.vendor != "sqlite" or connection.is_in_memory_db():
        return None
    return Path(connection.settings_dict["NAME"])


def check_database() -> dict:
    path = _sqlite_file()
    # Looked at before connecting: SQLite would make a new, empty file in place of a deleted
    # one, while the workers' open connections go on reading the deleted file.
    if path is not None:
        if not path.exists():
            raise Fault("the database file is gone")
        # SQLite writes a journal beside the file, so its folder must be writable too.
        if not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)):
            raise Fault("the database file is read-only")
    # A table, not "SELECT 1": a damaged SQLite file answers that without reading a page.
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM django_migrations")
        if connection.vendor == "postgresql":
            cursor.execute("SHOW transaction_read_only")
            if cursor.fetchone()[0] == "on":
                raise Fault("the database is read-only")
    return {"ok": True}


# A publish commits before its index update does, and the queue row goes just before the index
# commit: the three counts are read at slightly different moments, so a difference is looked at
# again before it is reported. Only one that lasts is a fault.
SEARCH_LOOKS = 3
SEARCH_LOOK_PAUSE = 0.2


def check_search() -> dict:
    backend = get_backend()
    if not backend.writable():
        raise Fault("the search index cannot be written: edits will not reach search")
    stuck = PendingUpdate.objects.filter(created_at__lt=timezone.now() - PENDING_TOO_LONG).count()
    if stuck:
        raise Fault(
            f"{stuck} search updates waiting for more than a minute (run check_index --fix)"
        )
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


def _written_folders() -> dict[str, Path]:
    folders = {"uploads": Path(settings.MEDIA_ROOT)}
    if settings.SEARCH_BACKEND == "whoosh":
        folders["search index"] = Path(settings.SEARCH_INDEX_DIR)
    path = _sqlite_file()
    if path is not None:
        folders["database"] = path.parent
    return folders


def check_disk() -> dict:
    full = []
    for role, folder in _written_folders().items():
        # A folder not made yet (no upload so far) lives on its nearest existing parent's disk.
        while not folder.exists() and folder != folder.parent:
            folder = folder.parent
        if shutil.disk_usage(folder).free < MIN_FREE_BYTES:
            full.append(role)
    if full:
        raise Fault(f"the disk is (nearly) full where the {' and '.join(full)} are kept")
    return {"ok": True}


def _safe(name: str, check: Callable[[], dict]) -> dict:
    """The check's result; a failure as words without paths or hosts (and logged in full)."""
    try:
        return check()
    except Fault as fault:
        logger.warning("healthz: %s: %s", name, fault)
        return {"ok": False, "error": str(fault)}
    except IndexUnavailable as error:
        logger.warning("healthz: %s: %s", name, error)
        return {"ok": False, "error": "the search index is missing or unreadable"}
    except (DatabaseError, OSError) as error:
        logger.warning("healthz: %s: %s", name, error)
        return {"ok": False, "error": database_fault(error)}


def run_checks(checks: dict[str, Callable[[], dict]], seconds: float) -> dict[str, dict]:
    """Every check at once, each in a thread with its own database connection; those still
    running after ``seconds`` are reported as such and left to finish on their own."""
    results: dict[str, dict] = {}

    def run(name, check):
        try:
            results[name] = _safe(name, check)
        finally:
            connections.close_all()  # this thread's own

    threads = [
        threading.Thread(target=run, args=item, name=f"healthz-{item[0]}", daemon=True)
        for item in checks.items()
    ]
    deadline = time.monotonic() + seconds
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()))
    silent = {"ok": False, "error": f"no answer within {seconds} s"}
    return {name: results.get(name, silent) for name in checks}


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    checks = run_checks(
        {
            "database": check_database,
            "search": check_search,
            "cache": check_cache,
            "disk": check_disk,
        },
        CHECK_SECONDS,
    )
    if not checks["database"]["ok"]:
        checks["search"] = {"ok": False, "error": "needs the database"}
    failing = [name for name, result in checks.items() if not result["ok"]]
    return JsonResponse(
        {"status": "failing" if failing else "ok", "failing": failing, "checks": checks},
        status=503 if failing else 200,
    )
