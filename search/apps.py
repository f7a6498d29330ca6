from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Search"
    # The index and its queue are derived from public content, never shown as such.
    public_content = False

    def ready(self):
        from . import (  # noqa: F401  (subscribe the search queue to content changes, register the checks)
            checks,
            signals,
        )
