from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.generic import TemplateView

from projects.feeds import NewContentFeed
from projects.sitemaps import SITEMAPS
from spi_portal.media import media

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
    path(f"{settings.MEDIA_URL.lstrip('/')}<path:path>", media, name="media"),
    path("", include("projects.urls")),
]
