"""What a visitor gets when the database cannot be reached or read, the disk is full, or the
search index is missing or damaged: a 503 with ``Retry-After``, never a stack trace or a 500.
(The search page itself says so within the site's layout; this covers its downloads and
feeds.)

Django turns an exception raised anywhere in a request (a view, a template, a context
processor, a middleware such as the session's) into a response through ``handler500``, so
this one place sees every database failure. The page it sends is a plain file read once and
sent as it is: rendering it touches neither the database nor the site's templates, which may
themselves ask for data. The next request tries the database again (Django drops a connection
that failed), so the site recovers by itself when the database returns.
"""

import errno
import sys
from pathlib import Path
from string import Template

from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.html import escape
from django.views.defaults import server_error as django_server_error

from search.backends import IndexUnavailable

RETRY_AFTER_SECONDS = 30
DATABASE_DOWN = (
    "The SPI Portal is temporarily unavailable",
    "Its database cannot be reached just now. Nothing you did caused this, and nothing has "
    "been lost. Please try again in a minute.",
)
DISK_FULL = (
    "The SPI Portal cannot save anything just now",
    "Its disk is full, so nothing could be written. Nothing you saved before has been lost, and "
    "reading the portal works as usual. Please try again later.",
)
INDEX_DOWN = (
    "Search is temporarily unavailable",
    "The search index is being repaired. Please try again in a minute; every other page of "
    "the portal works as usual.",
)
PAGE = Template((Path(__file__).parent / "outage.html").read_text())


def is_outage(error: BaseException | None) -> bool:
    """A lost or refused connection (OperationalError, InterfaceError), or a database file that
    cannot be read (SQLite's "file is not a database" is a bare DatabaseError); not a query's
    own fault such as an IntegrityError."""
    return isinstance(error, OperationalError | InterfaceError) or type(error) is DatabaseError


def is_disk_full(error: BaseException | None) -> bool:
    """The disk ran out of room: a file write's ENOSPC, or SQLite's "database or disk is
    full" (PostgreSQL says "No space left on device" for its own disk)."""
    if isinstance(error, OSError) and error.errno == errno.ENOSPC:
        return True
    return isinstance(error, DatabaseError) and any(
        words in str(error).lower() for words in ("disk is full", "no space left on device")
    )


def database_fault(error: BaseException) -> str:
    """What went wrong, in words that name no file or host."""
    if is_disk_full(error):
        return "the disk is full"
    if "readonly database" in str(error).lower() or "read-only" in str(error).lower():
        return "the database is read-only"
    if isinstance(error, DatabaseError):
        return "the database cannot be reached or read"
    return "a file cannot be read or written"


def unavailable(request: HttpRequest, what: tuple[str, str]) -> HttpResponse:
    title, message = what
    if request.path.endswith(".json") or request.path.startswith("/api/"):
        response = JsonResponse({"error": f"{title}. {message}"}, status=503)
    else:
        page = PAGE.substitute(title=escape(title), message=escape(message))
        response = HttpResponse(page, status=503, content_type="text/html; charset=utf-8")
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    """``handler500``: a database outage or an unreadable index answers 503, anything else
    Django's 500 page."""
    error = sys.exc_info()[1]
    if is_disk_full(error):
        return unavailable(request, DISK_FULL)
    if is_outage(error):
        return unavailable(request, DATABASE_DOWN)
    if isinstance(error, IndexUnavailable):
        return unavailable(request, INDEX_DOWN)
    return django_server_error(request)
