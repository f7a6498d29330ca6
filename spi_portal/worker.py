"""The worker beside the web server: what must happen at a time nobody is there to press a
button. Each pass publishes the scheduled drafts whose time has come (and takes down records
whose time is up) and applies the search updates still queued. ``make serve`` and ``make prod``
start it (``manage.py run_worker``); it needs nothing but the database, so several web servers
may each run one: a draft is published once, whoever comes first."""

import logging
import os
import time

from django.db import close_old_connections

from editorial.drafts import publish_due
from search.indexing import apply_pending
from search.models import PendingUpdate

logger = logging.getLogger(__name__)


def run_once(now=None) -> tuple[list[str], int]:
    """One pass: the names of the records that went live, and how many queued search updates
    there were to apply."""
    went_live = publish_due(now)
    queued = PendingUpdate.objects.count()
    if queued:
        apply_pending()
    return went_live, queued


def run_forever(interval: float, log=logger.info) -> None:
    """A pass every ``interval`` seconds until stopped, or until the process that started it
    (gunicorn, make serve's shell) is gone, so no worker outlives its server. A pass that fails
    (the database away for a moment) is logged, and the next one tries again."""
    parent = os.getppid()
    while os.getppid() == parent:
        close_old_connections()
        try:
            went_live, queued = run_once()
        except Exception:
            logger.exception("the worker's pass failed; trying again in %s s", interval)
        else:
            for name in went_live:
                log(f"went live: {name}")
            if queued:
                log(f"applied {queued} queued search updates")
        time.sleep(interval)
