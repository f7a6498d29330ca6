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


def kept_parameters(params, shown: set[str]) -> list[tuple[str, str]]:
    """The parameters of ``params`` a filter form must carry as hidden fields because it shows
    no control for them (the sort, the findings' ``outcomes=any``): applying filters keeps
    them. The page number is left out: new filters start at the first page."""
    return [
        (name, value)
        for name, values in params.lists()
        if name not in shown and name != "page"
        for value in values
        if value
    ]


def current_query(params):
    """``params`` in today's vocabulary and without empty values (a filter form's "All"
    submits ``state=``), or None when it already is."""
    renamed = params.copy()
    for name, values in params.lists():
        if "" in values:
            kept = [value for value in values if value != ""]
            if kept:
                renamed.setlist(name, kept)
            else:
                del renamed[name]
    for old, new in LEGACY_NAMES.items():
        if old in renamed:
            renamed.setlist(new, [*renamed.getlist(new), *renamed.pop(old)])
    for (name, old), new in LEGACY_VALUES.items():
        if old in renamed.getlist(name):
            renamed.setlist(name, [new if v == old else v for v in renamed.getlist(name)])
    return None if renamed == params else renamed


def redirect_legacy_filters(view):
    """Send a request that uses an old filter name or value, or an empty one, to the same
    address in today's vocabulary without the empty ones (301), before the view sees it."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        renamed = current_query(request.GET)
        if renamed is not None:
            query = renamed.urlencode()
            return HttpResponsePermanentRedirect(
                f"{request.path}?{query}" if query else request.path
            )
        return view(request, *args, **kwargs)

    return wrapper
