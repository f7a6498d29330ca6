"""Production settings plus the benchmark's floor page (``benchmark_portal``). Never used to serve
the public."""

from .prod import *  # noqa: F403

ROOT_URLCONF = "spi_portal.benchmark_urls"
