"""Work kept under the content version: a figure or table that only a change to public content
can move (the ratings of every project, the home page's headline figures) is worked out once per
version and shared by every request, whatever page or filter asks for it, instead of once per
page the whole-page cache has not seen.

The version is the one the lists are cached under (``ContentVersion`` and the ``LISTS`` family's
``PageVersion``): every committed change to public content moves it on (scheduled go-lives
included, when the version is read), so kept work is never older than the pages cached beside
it.
A request inside a transaction (an editor's form, a test) may see writes not yet committed: it
works the value out for itself and keeps it for nobody.
"""

from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.db import connection
from django.db.models import Value

from editorial.models import ContentVersion, PageVersion

T = TypeVar("T")
# A version's work is worth keeping only until the next change; a day bounds a quiet site's.
KEPT_SECONDS = 24 * 60 * 60

# This process's copy of each name's newest value, so a request does not unpickle it from the
# shared cache: name -> (cache key, value).
_latest: dict[str, tuple[str, object]] = {}


def kept(name: str, compute: Callable[[], T]) -> T:
    """``compute()`` as of the current content version, worked out once per version."""
    if connection.in_atomic_block:
        return compute()
    key = f"kept:{name}:{ContentVersion.current_for([Value(PageVersion.LISTS)])}"
    latest = _latest.get(name)
    if latest is not None and latest[0] == key:
        return latest[1]
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, KEPT_SECONDS)
    _latest[name] = (key, value)
    return value


def forget() -> None:
    """Drop this process's copies (a test's database is emptied under an unchanged version)."""
    _latest.clear()
