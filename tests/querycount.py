"""Measure how many queries a page runs, to prove list pages do not grow with the data."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
        if response.streaming:
            response.getvalue()  # a streamed download queries while it is read
    assert response.status_code == 200, (url, response.status_code)
    return len(captured.captured_queries)


def assert_constant_queries(client, url: str, grow) -> int:
    """``grow(n)`` adds n more rows of what ``url`` lists. The page must run as many queries
    with 30 rows as with 3; returns that number."""
    grow(3)
    small = queries_for(client, url)
    grow(27)
    large = queries_for(client, url)
    assert small == large, f"{url}: {small} queries with 3 rows, {large} with 30"
    return large
