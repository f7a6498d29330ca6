from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Search"

    def ready(self):
        from . import (  # noqa: F401  (connect the index-update receivers, register the checks)
            checks,
            signals,
        )
