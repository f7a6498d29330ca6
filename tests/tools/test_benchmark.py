"""benchmark_portal (``make benchmark``): its synthetic corpus stays seeded and true to the real
sources, its pages are timed in rounds so the machine's drift falls on all alike, the floor page
passes by the page cache, and the command measures every page type at each size end to end on a
corpus small enough for the suite (the figures themselves are for the README's full run). The
command belongs to the ``tools`` app, which the test settings do not install: it is called
through its class."""

import re
from collections import Counter
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.http import HttpResponse

from projects.exchange.files import read_records
from tools import benchmark
from tools.benchmark import FILE_REPEAT, Answer, Target, synthetic_records
from tools.floor import FLOOR, PageCacheBesideFloor
from tools.management.commands import benchmark_portal

REAL = settings.BASE_DIR / "fixtures" / "spi_projects.json"


def test_the_synthetic_corpus_varies_real_records_without_inventing_sources():
    real = read_records(REAL)
    sources = {o["source"] for r in real for o in r.get("outcomes", []) if o.get("source")}
    records = synthetic_records(real, 300)
    assert len(records) == 300
    # The import identity (agency and cohort year) is never repeated.
    identities = Counter((r["agency"], r["award_year"]) for r in records)
    assert identities.most_common(1)[0][1] == 1
    for record in records:
        assert 2 <= len(record["outcomes"]) <= 4
        for outcome in record["outcomes"]:
            assert outcome.get("source") in sources | {None}
            assert "headline" not in outcome
            value = outcome.get("change_percent")
            if value:
                assert outcome["direction"] == ("decrease" if value < 0 else "increase")
    assert synthetic_records(real, 300) == records  # seeded: every run measures the same data


def test_pages_are_timed_in_rounds_so_a_slow_spell_falls_on_every_page(monkeypatch):
    asked = []

    def get(port, path):
        asked.append((port, path))
        return Answer(200, 10, 1.0, 2.0)

    monkeypatch.setattr(benchmark, "get", get)
    targets = {
        (0, "floor"): Target(1, "/f", 7),
        (0, "page"): Target(1, "/p", 7),
        (1, "page"): Target(2, "/p", 7),
        (1, "projects JSON"): Target(2, "/j", FILE_REPEAT),
    }
    timings = benchmark.measure(targets)
    warm, rounds = asked[:4], asked[4:]
    every = [(1, "/f"), (1, "/p"), (2, "/p"), (2, "/j")]
    assert warm == every
    assert rounds == every * FILE_REPEAT + every[:3] * (7 - FILE_REPEAT)
    assert timings[1, "page"].median_ms == 2.0 and timings[1, "page"].status == 200


def test_the_command_measures_every_page_at_each_size():
    out = StringIO()
    call_command(
        benchmark_portal.Command(),
        sizes=[3, 6],
        repeat=2,
        seconds=1,
        clients=2,
        workers=1,
        stdout=out,
    )
    text = out.getvalue()
    names = ["floor", *re.findall(r'^    "([^"]+)":', benchmark.PATHS_CODE, re.M)]
    assert len(names) == 15
    for size in ("3", "6"):
        section = text.split(f"== {size} synthetic projects")[1].split("\n==")[0]
        assert re.search(rf"import_projects: {size} records in [\d.]+ s", section)
        for name in names:
            row = re.search(rf"^{re.escape(name)}\s+[\d.]+ms.*\s(\d+)$", section, re.M)
            assert row and row[1] == "200", (size, name)
        assert re.search(r"errors 0 of \d+; worker peak RSS \d+ MB", section)
        assert re.search(r"faceted browsing, .* ratio [\d.]+; errors 0 of [1-9]\d*", section)
    growth = text.split("== growth 3 -> 6")[1]
    assert all(re.search(rf"^{re.escape(n)}\s+served", growth, re.M) for n in names[1:])


@pytest.mark.django_db
def test_the_floor_passes_by_the_page_cache_that_other_pages_go_through(rf):
    cache = PageCacheBesideFloor(lambda request: HttpResponse("page"))
    assert "ETag" not in cache(rf.get(FLOOR))
    assert "ETag" in cache(rf.get("/"))
