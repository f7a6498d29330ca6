"""Work kept under the content version (``editorial.kept``): worked out once per version and
shared, worked out again once a change to public content commits, and never kept from inside
a transaction, whose writes may yet roll back. The home page's figures are kept so."""

import pytest
from django.db import transaction
from django.urls import reverse

from editorial.kept import kept
from tests.factories import make_project

pytestmark = pytest.mark.django_db(transaction=True)


def test_kept_work_is_done_once_per_content_version():
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    assert kept("test", compute) == kept("test", compute) == 1
    make_project()  # commits: the version moves on
    assert kept("test", compute) == kept("test", compute) == 2
    with transaction.atomic():
        assert kept("test", compute) == 3  # not kept: the transaction may roll back
    assert kept("test", compute) == 2


def test_the_home_page_counts_a_project_published_since_it_was_last_shown(client):
    make_project()
    first = client.get(reverse("home")).context["figures"]["case_studies"]
    make_project()
    assert client.get(reverse("home")).context["figures"]["case_studies"] == first + 1
