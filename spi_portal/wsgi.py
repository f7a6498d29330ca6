"""WSGI entry point; production settings unless DJANGO_SETTINGS_MODULE says otherwise."""

import os

from django.core.wsgi import get_wsgi_application

from spi_portal.settings.env import exit_on_bad_settings

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "spi_portal.settings.prod")
exit_on_bad_settings()

application = get_wsgi_application()
