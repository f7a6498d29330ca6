"""gunicorn's settings for the portal (``make prod`` runs ``gunicorn`` from this folder, which
reads this file). Each value can be changed from the environment; see README.md, "Running in
production"."""

import multiprocessing
import os
import subprocess
import sys
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from spi_portal.settings.env import server_options, stop

wsgi_app = "spi_portal.wsgi:application"
try:
    _options = server_options(multiprocessing.cpu_count())
except ImproperlyConfigured as error:
    # gunicorn would print the whole traceback of reading this file; the operator needs one line.
    stop(error)
bind = _options["bind"]
# Sync workers: each request has a process to itself (the Whoosh searcher a worker keeps open is
# not shared between threads).
workers = _options["workers"]
timeout = _options["timeout"]
forwarded_allow_ips = _options["forwarded_allow_ips"]
graceful_timeout = 30
# Restart each worker now and then (with jitter, so they do not all restart at once), so a slow
# leak in a library never grows without bound.
max_requests = 1000
max_requests_jitter = 100

# One line per request on stdout and errors on stderr, for the process manager's log.
accesslog = "-"
errorlog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(f)s" "%(a)s"'
# Nothing here uses gunicornc, and several instances on one machine would share its socket.
control_socket_disable = True


def on_starting(server):
    """Run Django's system checks before any worker starts, so a configuration they reject
    (SEARCH_BACKEND=postgres on SQLite, say) stops the server with the message instead of
    answering 500 later. Settings themselves are validated when they are imported."""
    import django
    from django.core.management import call_command
    from django.core.management.base import SystemCheckError

    from spi_portal.settings.env import exit_on_bad_settings

    exit_on_bad_settings()
    django.setup()
    try:
        call_command("check", fail_level="ERROR")
    except SystemCheckError as error:
        server.log.error("%s", error)
        raise SystemExit(1) from None


# The worker beside the web server (spi_portal/worker.py): scheduled drafts go live at their time
# and queued search updates are applied, with no cron. Started once the server is ready and
# stopped with it; SPI_WORKER=off leaves it to another machine (several servers may each run one).
_worker = None


def when_ready(server):
    global _worker
    from spi_portal.settings.env import env_bool

    if not env_bool("SPI_WORKER", True):
        return
    environment = {"DJANGO_SETTINGS_MODULE": "spi_portal.settings.prod", **os.environ}
    manage = Path(__file__).resolve().parent / "manage.py"
    _worker = subprocess.Popen([sys.executable, str(manage), "run_worker"], env=environment)
    server.log.info("worker started (pid %s)", _worker.pid)


def on_exit(server):
    if _worker is not None and _worker.poll() is None:
        _worker.terminate()
        _worker.wait(timeout=30)
