"""Every public address, by its first segment. The pages listed here are the site's own: those
that show what several apps hold (a case study with its lessons, the comparison, the strategy and
crime-problem pages, home, search, the feeds, the API). Every other address is an app's, in the
app's urls.py:

    /sites/ (the list), /sites/<slug>/cite.bib|ris, /spi-sites/, /findings/, /agencies/,
    /partners/, /data/<file>   projects/urls.py
    /lessons/                  lessons/urls.py
    /search.json, /search/<file>   search/urls.py
"""

from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemaps
from django.templatetags.static import static
from django.urls import include, path
from django.utils.functional import lazy
from django.views.generic import RedirectView, TemplateView

from spi_portal.api.docs import api_docs
from spi_portal.api.views import api
from spi_portal.feeds import NewContentFeed, SearchFeed, TermFeed
from spi_portal.sitemaps import SITEMAPS
from spi_portal.views import ask, case_study, compare, health, media, pages, search, taxonomy

# A database outage answers 503 (see spi_portal.outage); other errors keep the 500 page.
handler500 = "spi_portal.outage.server_error"

urlpatterns = [
    path("", pages.home, name="home"),
    path("about/", pages.about, name="about"),
    path("sites/compare/", compare.compare, name="compare"),
    path("sites/<slug:slug>/", case_study.case_study, name="case-study"),
    path("data/", pages.open_data, name="open-data"),
    path("search/", search.search, name="search"),
    path("ask/", ask.ask, name="ask"),
    path("strategies/", taxonomy.term_list, {"kind": "strategy"}, name="strategy-list"),
    path(
        "strategies/<slug:slug>/",
        taxonomy.term_detail,
        {"kind": "strategy"},
        name="strategy-detail",
    ),
    path("strategies/<slug:slug>/feed/", TermFeed(), {"kind": "strategy"}, name="strategy-feed"),
    path(
        "crime-problems/", taxonomy.term_list, {"kind": "crime-problem"}, name="crime-problem-list"
    ),
    path(
        "crime-problems/<slug:slug>/",
        taxonomy.term_detail,
        {"kind": "crime-problem"},
        name="crime-problem-detail",
    ),
    path(
        "crime-problems/<slug:slug>/feed/",
        TermFeed(),
        {"kind": "crime-problem"},
        name="crime-problem-feed",
    ),
    path("feed/", NewContentFeed(), name="feed"),
    path("feed/search/", SearchFeed(), name="search-feed"),
    path("sitemap.xml", sitemaps.index, {"sitemaps": SITEMAPS}, name="sitemap"),
    path(
        "sitemap-<section>.xml",
        sitemaps.sitemap,
        {"sitemaps": SITEMAPS},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
        name="robots",
    ),
    # Browsers ask for /favicon.ico on pages that name no icon (the admin's); the hashed name
    # is only known once static files are collected, hence lazy.
    path("favicon.ico", RedirectView.as_view(url=lazy(static, str)("img/favicon.svg"))),
    path(f"{settings.MEDIA_URL.lstrip('/')}<path:path>", media.media, name="media"),
    path("healthz", health.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    # Before the API's own addresses: its documentation is a page of the site's.
    path("api/docs/", api_docs, name="api-docs"),
    path("api/", api.urls),
    path("lessons/", include("lessons.urls")),
    path("", include("search.urls")),
    path("", include("projects.urls")),
]
