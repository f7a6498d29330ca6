"""Tools beside the portal, not in it: the performance benchmark, the load test and the search
benchmark, with the settings they run under. The production server never imports this package
(``lint-imports`` and ``tests/tools/test_kept_out_of_production.py`` hold it to that); the make
targets ``benchmark``, ``loadtest`` and ``benchmark-search`` run its commands under
``tools.settings``."""
