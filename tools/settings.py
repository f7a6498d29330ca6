"""The settings the tools' commands run under (``make benchmark``, ``make loadtest``, ``make
benchmark-search``): development's, with this app installed so its commands are found. The
portals they measure are throwaway copies served under production settings
(``tools.served_settings``)."""

from spi_portal.settings.dev import *  # noqa: F403
from spi_portal.settings.dev import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "tools"]
