"""What a visitor gets when the database cannot be reached or read: a 503 with ``Retry-After``,
never a stack trace or a 500.

Django turns an exception raised anywhere in a request (a view, a template, a context
processor, a middleware such as the session's) into a response through ``handler500``, so
this one place sees every database failure. The page it sends is a plain file read once and
sent as it is: rendering it touches neither the database nor the site's templates, which may
themselves ask for data. The next request tries the database again (Django drops a connection
that failed), so the site recovers by itself when the database returns.
"""

import sys
from pathlib import Path

from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.defaults import server_error as django_server_error

RETRY_AFTER_SECONDS = 30
MESSAGE = (
    "The SPI Portal is temporarily unavailable: its database cannot be reached. "
    "Please try again in a minute."
)
PAGE = (Path(__file__).parent / "outage.html").read_text()


def is_outage(error: BaseException | None) -> bool:
    """A lost or refused connection (OperationalError, InterfaceError), or a database file that
    cannot be read (SQLite's "file is not a database" is a bare DatabaseError); not a query's
    own fault such as an IntegrityError."""
    return isinstance(error, OperationalError | InterfaceError) or type(error) is DatabaseError


def unavailable(request: HttpRequest) -> HttpResponse:
    if request.path.endswith(".json"):
        response = JsonResponse({"error": MESSAGE}, status=503)
    else:
        response = HttpResponse(PAGE, status=503, content_type="text/html; charset=utf-8")
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    """``handler500``: a database outage answers 503, anything else Django's 500 page."""
    if is_outage(sys.exc_info()[1]):
        return unavailable(request)
    return django_server_error(request)
