from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Search"
    # The index and its queue are not content: writing them leaves cached pages as they are.
    public_content = False

    def ready(self):
        from . import (  # noqa: F401  (connect the index-update receivers, register the checks)
            checks,
            signals,
        )
