from django.apps import AppConfig


class EditorialConfig(AppConfig):
    name = "editorial"
    verbose_name = "Editorial history"
    # Revisions, audit events and the content version are never shown on a public page.
    public_content = False

    def ready(self):
        from . import changes

        # The page cache's subscription to content_changed is the site's (spi_portal.freshness):
        # only the site knows which pages show what.
        changes.connect()
