"""benchmark_search (``make benchmark-search``): it measures the Whoosh engine end to end on a
corpus drawn from the real content, and it stops with a message, not a traceback, when there is
no content to draw from: a database never migrated, or one with nothing published. The command
belongs to the ``tools`` app, which the test settings do not install: it is called through its
class."""

import re
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import OperationalError

from tools import search_benchmark
from tools.management.commands import benchmark_search

ON_POSTGRES = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")


def run(**options) -> str:
    out = StringIO()
    call_command(benchmark_search.Command(), stdout=out, **options)
    return out.getvalue()


@pytest.mark.django_db
@pytest.mark.skipif(
    ON_POSTGRES,
    reason="on PostgreSQL the command makes a database of its own, which a test's cannot hold",
)
def test_whoosh_is_measured_on_a_corpus_drawn_from_the_real_content(real_data):
    text = run(sizes=[20], repeats=1)
    assert re.search(r"^Vocabulary: \d{3,} words from the published content", text, re.M)
    assert re.search(r"^whoosh\s+20\s+index\s+\d+ docs/s.*query median\s+[\d.]+ ms", text, re.M)
    assert re.search(r"^whoosh\s+20\s+rebuild: plain single-process writer", text, re.M)


def test_a_database_never_migrated_is_named_with_the_way_out(monkeypatch):
    def unreadable():
        raise OperationalError("no such table: projects_project")

    monkeypatch.setattr(search_benchmark, "all_documents", unreadable)
    with pytest.raises(CommandError, match=r"no such table.*migrate and load the data first"):
        run(sizes=[20], repeats=1)


def test_nothing_published_is_named_with_the_way_out(monkeypatch):
    monkeypatch.setattr(search_benchmark, "all_documents", list)
    with pytest.raises(CommandError, match=r"no published content.*load the data first"):
        run(sizes=[20], repeats=1)


def test_sizes_too_small_to_sample_are_refused():
    with pytest.raises(CommandError, match="sizes must be at least 20"):
        run(sizes=[5], repeats=1)
