from django.apps import AppConfig


class SpiPortalConfig(AppConfig):
    """The site shell: pages that cut across the content apps (home, about, strategy and
    crime-problem pages, feed, sitemap) and the site-wide commands. It imports the apps; no app
    imports it."""

    name = "spi_portal"
    verbose_name = "SPI Portal"

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from .cache import content_changed

        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(content_changed, dispatch_uid=f"content-changed-{signal}")
