"""The projects app's pages: lists and tools that read projects alone. The pages that show
projects with lessons (a case study, the comparison, the term pages) are the site's
(spi_portal/urls.py)."""

from django.urls import path, re_path

from .exports import PATH_PATTERN
from .views import browse, case_studies, data, directory, research

app_name = "projects"

urlpatterns = [
    path("sites/", browse.project_list, name="list"),
    re_path(
        r"^sites/(?P<slug>[-\w]+)/cite\.(?P<fmt>bib|ris|csl\.json)$",
        case_studies.project_citation,
        name="cite",
    ),
    re_path(
        r"^sites/(?P<slug>[-\w]+)/sources\.(?P<fmt>bib|ris|csl\.json)$",
        case_studies.source_citations,
        name="cite-sources",
    ),
    # The old SPI site's case-study addresses, without a trailing slash as it wrote them.
    re_path(r"^spi-sites/(?P<slug>[-\w]+)/?$", case_studies.legacy_site, name="legacy-site"),
    path("findings/", browse.findings, name="findings"),
    path("findings/matrix/", research.evidence_matrix, name="matrix"),
    path("findings/how-we-rate/", research.rating_rule, name="rating-rule"),
    path("agencies/", directory.agency_list, name="agency-list"),
    path("agencies/like-mine/", research.like_mine, name="like-mine"),
    path("agencies/<slug:slug>/", directory.agency_detail, name="agency-detail"),
    path("partners/", directory.partner_list, name="partner-list"),
    path("partners/<slug:slug>/", directory.partner_detail, name="partner-detail"),
    re_path(r"^data/" + PATH_PATTERN, data.download, name="download"),
]
