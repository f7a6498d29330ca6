from django.apps import AppConfig


class SpiPortalConfig(AppConfig):
    """The site shell: pages that cut across the content apps (home, about, strategy and
    crime-problem pages, feed, sitemap) and the site-wide commands. It imports the apps; no app
    imports it."""

    name = "spi_portal"
    verbose_name = "SPI Portal"

    def ready(self):
        from editorial.changes import content_changed
        from spi_portal import (
            cache_checks,  # noqa: F401 (registers the deployment checks)
            freshness,
        )

        content_changed.connect(freshness.on_content_changed, dispatch_uid="spi_portal.pages")
