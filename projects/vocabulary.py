"""The one vocabulary of filters in addresses. The case-study list (/sites/), the findings table,
the downloads, the lessons and search (/search/ and /search.json) name a filter the same way and
take the same values, so a link built for one page means the same on another:

    strategy=<slug>  problem=<slug>  state=<postal code>  year=<cohort year>  significant=yes
    sort=newest|oldest|...  page=<n>

(each page adds its own: design, sms, target, population, settlement, result, comparison=yes
on the case studies; practice, audience on the lessons; q and kind in search.) A filter that is
on or off takes ``yes`` when on and is absent when off.

Links from earlier releases used other names; they answer with a permanent redirect to the
same filters in this vocabulary.
"""

from functools import wraps

from django.http import HttpResponsePermanentRedirect

YES = "yes"

# Search said crime_problem, cohort_year and sort=year; the lists said significant=true (and,
# briefly, comparison=true).
# Kept for one release after December 2026 so shared links and bookmarks move over; then
# remove these two tables and the decorator (old links will get the pages' "unknown filter"
# message instead).
LEGACY_NAMES = {"crime_problem": "problem", "cohort_year": "year"}
LEGACY_VALUES = {
    ("significant", "true"): YES,
    ("comparison", "true"): YES,
    ("sort", "year"): "newest",
}


def current_query(params):
    """``params`` in today's vocabulary, or None when it already is."""
    renamed = params.copy()
    for old, new in LEGACY_NAMES.items():
        if old in renamed:
            renamed.setlist(new, [*renamed.getlist(new), *renamed.pop(old)])
    for (name, old), new in LEGACY_VALUES.items():
        if old in renamed.getlist(name):
            renamed.setlist(name, [new if v == old else v for v in renamed.getlist(name)])
    return None if renamed == params else renamed


def redirect_legacy_filters(view):
    """Send a request that uses an old filter name or value to the same address in today's
    vocabulary (301), before the view sees it."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        renamed = current_query(request.GET)
        if renamed is not None:
            return HttpResponsePermanentRedirect(f"{request.path}?{renamed.urlencode()}")
        return view(request, *args, **kwargs)

    return wrapper
