"""gunicorn's settings for the portal (``make prod`` runs ``gunicorn`` from this folder, which
reads this file). Each value can be changed from the environment; see README.md, "Running in
production"."""

import multiprocessing

from spi_portal.settings.env import env_int, env_str

wsgi_app = "spi_portal.wsgi:application"
bind = env_str("BIND", "127.0.0.1:8000")

# gunicorn's own rule of thumb: two workers per core plus one, so one worker waiting on the
# database never leaves a core idle. Sync workers: each request has a process to itself (the
# Whoosh searcher a worker keeps open is not shared between threads).
workers = env_int("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1, 1)
# A request still running after this long is stuck (every page answers in well under a second);
# the worker is replaced rather than holding its slot for ever.
timeout = env_int("GUNICORN_TIMEOUT", 30, 1)
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
# Addresses of the reverse proxy whose X-Forwarded-* headers are believed.
forwarded_allow_ips = env_str("FORWARDED_ALLOW_IPS", "127.0.0.1")


def on_starting(server):
    """Run Django's system checks before any worker starts, so a configuration they reject
    (SEARCH_BACKEND=postgres on SQLite, say) stops the server with the message instead of
    answering 500 later. Settings themselves are validated when they are imported."""
    import django
    from django.core.management import call_command
    from django.core.management.base import SystemCheckError

    django.setup()
    try:
        call_command("check", fail_level="ERROR")
    except SystemCheckError as error:
        server.log.error("%s", error)
        raise SystemExit(1) from None
