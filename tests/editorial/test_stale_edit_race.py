"""Two editors save the same record from the same version at the same moment: exactly one save
lands, the other is refused as a conflict. The claim on the version is one conditional UPDATE
that holds the row until the saving transaction ends; reading the version and then writing
would let both saves through, the second silently over the first.

On PostgreSQL two transactions interleave, so the race is real. SQLite (in this portal's
settings) takes the write lock when a transaction begins, so two saves queue up whole and there
is no race to lose: the test runs on PostgreSQL.
"""

import threading
import time

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from editorial.admin import PublishableAdmin
from projects.models import Project
from tests.admin_forms import form_data
from tests.factories import make_complete_project, make_staff

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="SQLite runs writing transactions one at a time"
    ),
]


def _other_is_waiting_or_done(done: threading.Event) -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return done.is_set() or cursor.fetchone()[0] > 0


def test_two_saves_from_the_same_version_cannot_both_land(monkeypatch):
    project = make_complete_project()
    url = reverse("admin:projects_project_change", args=[project.pk])
    editors = {}
    for name in ("ana", "ben"):
        editors[name] = Client()
        editors[name].force_login(make_staff("Editor", username=name))
    data = {name: form_data(client.get(url)) for name, client in editors.items()}

    claimed, ben_done, results = threading.Event(), threading.Event(), {}
    save_model = PublishableAdmin.save_model

    def save_model_after_ben(self, request, obj, form, change):
        # Ana's version check has passed; Ben saves now, before Ana writes. She goes on once
        # Ben is done or waits on her claim, with a time limit so a bug cannot hang the test.
        if request.user.username == "ana":
            claimed.set()
            deadline = time.monotonic() + 10
            while not _other_is_waiting_or_done(ben_done) and time.monotonic() < deadline:
                time.sleep(0.01)
        save_model(self, request, obj, form, change)

    monkeypatch.setattr(PublishableAdmin, "save_model", save_model_after_ben)

    def save(name, text):
        try:
            if name == "ben":
                claimed.wait(10)
            response = editors[name].post(url, data[name] | {"summary": text})
            results[name] = response.status_code
        finally:
            if name == "ben":
                ben_done.set()
            connections.close_all()

    threads = [
        threading.Thread(target=save, args=("ana", "Ana's summary")),
        threading.Thread(target=save, args=("ben", "Ben's summary")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    # Ana claimed first and saves; Ben's save waited on her claim and was then refused.
    assert results == {"ana": 302, "ben": 200}
    assert Project.objects.get().summary == "Ana's summary"
