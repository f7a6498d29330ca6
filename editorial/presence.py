"""Who else has a record's form open: a note, not a lock.

Each time an editor opens (or re-shows) a change form, their name is kept against the record
in the cache for a few minutes. The form lists the other names it finds, so two editors know
of each other before either saves; the version check in ``editorial.forms`` is what keeps
their work apart. With the default in-process cache each server process sees only its own
editors; production shares one (``CACHE_URL``).
"""

import time

from django.core.cache import cache

# An open form counts for this long after it was last shown.
OPEN_FOR_SECONDS = 15 * 60


def _key(obj) -> str:
    return f"editorial:editing:{obj._meta.label_lower}:{obj.pk}"


def others_editing(obj, user) -> list[str]:
    """The other editors who opened ``obj``'s form lately; records ``user`` as one of them."""
    now = time.time()
    key = _key(obj)
    editors = {
        name: seen for name, seen in (cache.get(key) or {}).items() if now - seen < OPEN_FOR_SECONDS
    }
    me = user.get_username()
    others = sorted(name for name in editors if name != me)
    editors[me] = now
    cache.set(key, editors, OPEN_FOR_SECONDS)
    return others
