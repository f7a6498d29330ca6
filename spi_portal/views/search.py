"""The search page (/search/). It lists case studies, lessons and terms and links the site's
feeds and term pages, so the site serves it; the search app runs the query
(:func:`search.views.run_search`) and answers the same search as JSON and downloads."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from projects.vocabulary import redirect_legacy_filters
from search.views import retry_later, run_search


@redirect_legacy_filters
def search(request: HttpRequest) -> HttpResponse:
    outcome = run_search(request)
    context = {"outcome": outcome, "form": outcome.form}
    results = outcome.results
    if results is not None and results.total:
        paginator = Paginator(range(results.total), outcome.request.per_page)
        number = outcome.request.page
        context["page"] = paginator.page(number) if number <= paginator.num_pages else None
        context["last_page"] = paginator.num_pages
    return retry_later(render(request, "spi_portal/search.html", context, status=outcome.status))
