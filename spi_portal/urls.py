from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.generic import TemplateView

from projects.feeds import NewContentFeed
from projects.sitemaps import SITEMAPS

# A database outage answers 503 (see spi_portal.outage); other errors keep the 500 page.
handler500 = "spi_portal.outage.server_error"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("lessons/", include("lessons.urls")),
    path("", include("search.urls")),
    path("feed/", NewContentFeed(), name="feed"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
        name="robots",
    ),
    path("", include("projects.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
