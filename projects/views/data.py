"""Open data downloads. They take the same filters as the case-study list, so "download these
results" gives exactly the projects a reader was looking at. (The page describing them, /data/,
also describes the site's API, so the site serves it: ``spi_portal.views.pages.open_data``.)"""

from django.http import HttpRequest, HttpResponse

from projects.exports import export_response
from projects.filters import ProjectFilter
from projects.site import site_url
from projects.vocabulary import redirect_legacy_filters

from .common import published_projects


@redirect_legacy_filters
def download(request: HttpRequest, dataset: str, fmt: str) -> HttpResponse:
    filterset = ProjectFilter(request.GET, queryset=published_projects(), request=request)
    errors = filterset.error_messages()
    if errors:
        return HttpResponse("\n".join(errors), status=400, content_type="text/plain")
    return export_response(filterset.qs, dataset, fmt, site_url(request))
