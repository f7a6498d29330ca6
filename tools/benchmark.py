"""Measure the whole portal as the public meets it, at sizes far beyond SPI's own hundred projects.

For each size, a throwaway database (a SQLite file, or a PostgreSQL database created beside the
one ``DATABASE_URL`` names and dropped at the end) gets the real content plus synthetic projects in
the exchange format: real records varied in agency, place, year and figures, about three outcomes
each. The synthetic file goes through ``import_projects --publish`` (records per second, the
index update included) and the project's production server (gunicorn) serves it with the benchmark
settings, which add a **floor**: a view rendering the base template with no query. Every figure is
a ratio to that floor measured in the same run, so a slow or busy machine moves both alike.

Nothing touches the portal's own data or index: every file lives in a temporary folder.
"""

import copy
import http.client
import json
import random
import re
import statistics
import threading
import time
from collections import Counter
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from projects.states import US_STATES
from tools.floor import FLOOR
from tools.loadtest import Sandbox, Server, manage

# Importing ten thousand records takes minutes, beyond the load test's default wait.
IMPORT_TIMEOUT = 3 * 60 * 60


# -- the corpus -------------------------------------------------------------------------------


def synthetic_records(real: list[dict], size: int, seed: int = 2009) -> list[dict]:
    """``size`` exchange-format records drawn from the real ones: each keeps a real project's
    strategies, crime types, design and prose, under a synthetic agency in another place and
    year, with its figures scaled and about three outcomes. Agencies hold one to four awards, as
    real SPI agencies do, and no two records share an agency and year (the import identity)."""
    rng = random.Random(seed)
    with_outcomes = [r for r in real if r.get("outcomes")]
    states = list(US_STATES)
    records = []
    agency_count = max(1, size // 2)
    years_taken: dict[int, set[int]] = {}
    for n in range(size):
        base = copy.deepcopy(rng.choice(with_outcomes))
        agency = rng.randrange(agency_count)
        taken = years_taken.setdefault(agency, set())
        year = rng.choice([y for y in range(2009, 2027) if y not in taken] or [None])
        if year is None:
            agency, year = agency_count + n, rng.randint(2009, 2026)
        taken.add(year)
        state = states[agency % len(states)]
        base.update(
            agency=f"Synthetic Police Department {agency + 1}",
            city=f"{base.get('city') or 'Township'} {agency + 1}",
            state=state,
            award_year=year,
            award_number=None,
            population=rng.randint(5_000, 4_000_000),
            area_sq_mi=round(rng.uniform(5, 900), 1),
            latitude=round(rng.uniform(25, 48), 4),
            longitude=round(rng.uniform(-123, -70), 4),
            outcomes=_varied_outcomes(rng, base["outcomes"]),
        )
        for key in ("title", "award_title"):
            if base.get(key):
                base[key] = f"{base[key]} ({n + 1})"
        records.append(base)
    return records


def _varied_outcomes(rng: random.Random, outcomes: list[dict]) -> list[dict]:
    varied = []
    for k in range(rng.randint(2, 4)):
        outcome = copy.deepcopy(outcomes[k % len(outcomes)])
        if k >= len(outcomes):
            outcome["measure"] = f"{outcome['measure']} (follow-up {k})"
        if outcome.get("change_percent") is not None:
            value = round(outcome["change_percent"] * rng.uniform(0.5, 1.5), 1)
            outcome["change_percent"] = value
            outcome["direction"] = "decrease" if value < 0 else "increase" if value > 0 else None
            outcome["statistically_significant"] = rng.random() < 0.45
        outcome.pop("headline", None)
        varied.append(outcome)
    return varied


# -- the server's workers ----------------------------------------------------------------------


def worker_peak_rss_mb(server: Server) -> float:
    """The largest peak resident memory (VmHWM) among a gunicorn's worker processes."""
    peaks = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        if re.search(rf"^PPid:\s+{server.process.pid}$", text, re.M):
            peak = re.search(r"^VmHWM:\s+(\d+) kB", text, re.M)
            peaks.append(int(peak.group(1)) / 1024 if peak else 0)
    return max(peaks, default=0.0)


# -- requests ---------------------------------------------------------------------------------


@dataclass
class Answer:
    status: int
    size: int
    first_byte_ms: float
    ms: float


def get(port: int, path: str) -> Answer:
    start = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        connection.request("GET", path, headers={"Accept-Encoding": "identity"})
        response = connection.getresponse()
        first_byte = time.perf_counter()
        body = response.read()
        return Answer(
            response.status,
            len(body),
            (first_byte - start) * 1000,
            (time.perf_counter() - start) * 1000,
        )
    finally:
        connection.close()


@dataclass
class Timing:
    median_ms: float
    p95_ms: float
    first_byte_ms: float
    size: int
    status: int


def _timing(answers: list[Answer]) -> Timing:
    times = sorted(a.ms for a in answers)
    return Timing(
        median_ms=statistics.median(times),
        p95_ms=times[min(len(times) - 1, round(0.95 * (len(times) - 1)))],
        first_byte_ms=statistics.median(a.first_byte_ms for a in answers),
        size=answers[-1].size,
        status=answers[-1].status,
    )


@dataclass(frozen=True)
class Target:
    """A page to time: where it is served, and how many times."""

    port: int
    path: str
    repeat: int


def measure(targets: dict) -> dict:
    """Time each page of ``targets`` (by any key) its ``repeat`` times, in rounds that request
    every page once: a spell of the machine's own slowness then falls on every page, on the
    floor and on every size alike, not on whichever page was being measured at the time."""
    for target in targets.values():
        get(target.port, target.path)  # warm: fills the caches a visitor's second request finds
    answers: dict = {key: [] for key in targets}
    for round_ in range(max(target.repeat for target in targets.values())):
        for key, target in targets.items():
            if round_ < target.repeat:
                answers[key].append(get(target.port, target.path))
    return {key: _timing(found) for key, found in answers.items()}


@dataclass
class PageFigures:
    """A page as served (with the whole-page cache, as visitors meet it) and as rendered (the
    cache off: what the first visitor after a change waits for)."""

    name: str
    path: str
    served: Timing
    rendered: Timing
    queries: int


@dataclass
class LoadFigures:
    requests: int
    errors: int
    seconds: float
    statuses: Counter

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def load(
    port: int, paths: list[str], clients: int, seconds: float, distinct: bool = False
) -> LoadFigures:
    """``clients`` threads requesting ``paths`` in turn for ``seconds``; every non-2xx/3xx is an
    error (a 304 or a redirect is a fine answer). ``distinct``: the clients share the paths out
    (client k asks for k, k + clients, ...), so no path is asked for twice until all were."""
    deadline = time.monotonic() + seconds
    statuses: Counter = Counter()
    lock = threading.Lock()

    def client(offset: int) -> None:
        n = offset
        local: Counter = Counter()
        while time.monotonic() < deadline:
            try:
                local[get(port, paths[n % len(paths)]).status] += 1
            except OSError:
                local["connection error"] += 1
            n += clients if distinct else 1
        with lock:
            statuses.update(local)

    start = time.monotonic()
    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - start
    errors = sum(c for s, c in statuses.items() if not (isinstance(s, int) and s < 400))
    return LoadFigures(sum(statuses.values()), errors, elapsed, statuses)


# -- one run ----------------------------------------------------------------------------------

# The page types a visitor meets; each path is found in the site's own data by ``PATHS_CODE``.
PATHS_CODE = """
import json
from django.db.models import Count
from django.urls import reverse
from lessons.models import Lesson
from projects.models import Agency, CrimeProblem, Project, Strategy
published = Project.objects.published()
strategy = Strategy.objects.annotate(n=Count("projects")).order_by("-n").first()
problem = CrimeProblem.objects.annotate(n=Count("projects")).order_by("-n").first()
agency = Agency.objects.annotate(n=Count("projects")).order_by("-n", "pk").first()
project = published.order_by("-pk").first()
year = project.cohort_year
print(json.dumps({
    "home": "/",
    "case study": project.get_absolute_url(),
    "project list, 3 filters": reverse("projects:list")
        + f"?strategy={strategy.slug}&problem={problem.slug}&year={year}",
    "findings": reverse("projects:findings"),
    "strategy page": strategy.get_absolute_url(),
    "crime-problem page": problem.get_absolute_url(),
    "agencies": reverse("projects:agency-list"),
    "agency page": agency.get_absolute_url(),
    "lesson page": Lesson.objects.published().first().get_absolute_url(),
    "search": reverse("search") + "?q=hot+spots",
    "search JSON": reverse("search:search-json") + "?q=hot+spots",
    "sitemap.xml": reverse("sitemap"),
    "projects JSON": reverse("projects:download", args=["projects", "json"]),
    "outcomes CSV": reverse("projects:download", args=["outcomes", "csv"]),
}))
"""
# Queries per rendered page, counted in a process of the site's own (the server's workers can't
# report them): the test client runs the full middleware stack and reads streamed bodies to the
# end; the whole-page cache is off, so this is what a page costs to make.
QUERIES_CODE = """
import json, os
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
client, counts = Client(), {}
for name, path in json.loads(os.environ["BENCHMARK_PATHS"]).items():
    client.get(path)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
        b"".join(response.streaming_content) if response.streaming else response.content
    assert response.status_code == 200, (path, response.status_code)
    counts[name] = len(queries)
print(json.dumps(counts))
"""
# Faceted browsing: list and findings addresses, each a filter combination of its own, as
# readers narrowing a list make them; no two alike, so every one misses the whole-page cache.
FACETS_CODE = """
import itertools, json, random
from django.urls import reverse
from projects.models import CrimeProblem, Project, Strategy
strategies = list(Strategy.objects.values_list("slug", flat=True))
problems = list(CrimeProblem.objects.values_list("slug", flat=True))
years = sorted(set(Project.objects.published().values_list("cohort_year", flat=True)) - {None})
ratings = ["", "effect", "promising", "no-effect"]
combinations = list(itertools.product(strategies, problems, years, ratings))
random.Random(23).shuffle(combinations)
pages = [reverse("projects:list"), reverse("projects:findings")]
paths = []
for n, (strategy, problem, year, rating) in enumerate(combinations[:5000]):
    query = f"?strategy={strategy}&problem={problem}&year={year}"
    query += f"&rating={rating}" if rating else ""
    paths.append(pages[n % 2] + query)
print(json.dumps(paths))
"""
DOWNLOADS = {"sitemap.xml", "projects JSON", "outcomes CSV"}
# Whole-data files take seconds at ten thousand projects and grow with the data by design: what
# matters is that they stream (first byte, a worker's memory), which a few requests show.
FILE_REPEAT = 5
FILES = {"projects JSON", "outcomes CSV"}


def _repeat(name: str, repeat: int) -> int:
    return min(repeat, FILE_REPEAT) if name in FILES else repeat


@dataclass
class SizeFigures:
    """One size's timed pages, as the growth comparison reads them."""

    size: int
    floor: PageFigures
    pages: list[PageFigures]


@dataclass
class Portal:
    """One size's throwaway portal, its corpus imported: the pages to time and their queries."""

    size: int
    sandbox: Sandbox
    import_seconds: float
    paths: dict[str, str]
    queries: dict[str, int]
    faceted: list[str]


def _sandbox() -> Sandbox:
    """The load test's throwaway portal (real content, index, static files) under the
    benchmark's settings, which add the floor page; no editor accounts are needed here."""
    return Sandbox(
        editors=0,
        DJANGO_SETTINGS_MODULE="tools.served_settings",
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
    )


def import_corpus(sandbox: Sandbox, size: int, real: list[dict], out) -> Portal:
    """``size`` synthetic projects imported into ``sandbox``, timed; then the pages to time
    there and the queries each costs."""
    out(f"importing {size:,} synthetic projects ({_engine(sandbox.env)})")
    corpus = sandbox.folder / "synthetic.json"
    corpus.write_text(json.dumps(synthetic_records(real, size)), encoding="utf-8")
    start = time.perf_counter()
    manage(sandbox.env, "import_projects", str(corpus), "--publish", timeout=IMPORT_TIMEOUT)
    seconds = time.perf_counter() - start
    paths = json.loads(sandbox.run("shell", "--no-imports", "-c", PATHS_CODE))
    uncached = sandbox.env | {"BENCHMARK_PAGE_CACHE": "off", "BENCHMARK_PATHS": json.dumps(paths)}
    queries = json.loads(manage(uncached, "shell", "--no-imports", "-c", QUERIES_CODE))
    faceted = json.loads(sandbox.run("shell", "--no-imports", "-c", FACETS_CODE))
    return Portal(size, sandbox, seconds, paths, queries, faceted)


def time_pages(portals: list[Portal], repeat: int, workers: int, **environment) -> dict:
    """Every size's pages and floor by (the portal's place in ``portals``, page name), each
    size served by its own
    gunicorn, all timed in the same rounds: the growth from one size to the next is then not
    the machine's drift between two runs minutes apart."""
    with ExitStack() as servers:
        targets = {}
        for place, portal in enumerate(portals):
            server = servers.enter_context(Server(portal.sandbox, workers, **environment))
            for name, path in ({"floor": FLOOR} | portal.paths).items():
                targets[place, name] = Target(server.port, path, _repeat(name, repeat))
        return measure(targets)


def run(sizes, *, real, repeat, clients, seconds, workers, out) -> list[SizeFigures]:
    """Build a portal per size, time all their pages side by side (cache off, then on), then
    load each in turn."""
    with ExitStack() as sandboxes:
        portals = [
            import_corpus(sandboxes.enter_context(_sandbox()), size, real, out) for size in sizes
        ]
        rendered = time_pages(portals, repeat, workers, BENCHMARK_PAGE_CACHE="off")
        served = time_pages(portals, repeat, workers)
        return [
            _load_size(portal, place, rendered, served, clients, seconds, workers, out)
            for place, portal in enumerate(portals)
        ]


def _load_size(portal, place, rendered, served, clients, seconds, workers, out) -> SizeFigures:
    """One size's figures: its timed pages, then its load run."""
    size = portal.size
    floor = PageFigures("floor", FLOOR, served[place, "floor"], rendered[place, "floor"], 0)
    pages = [
        PageFigures(name, path, served[place, name], rendered[place, name], portal.queries[name])
        for name, path in portal.paths.items()
    ]
    out(f"\n== {size:,} synthetic projects ({_engine(portal.sandbox.env)})")
    out(f"import_projects: {size:,} records in {portal.import_seconds:.1f} s, "
        f"{size / portal.import_seconds:,.0f} records/s")  # fmt: skip
    _print_pages(out, floor, pages)
    with Server(portal.sandbox, workers) as server:
        floor_load = load(server.port, [FLOOR], clients, seconds)
        mix = [path for name, path in portal.paths.items() if name not in DOWNLOADS]
        mix_load = load(server.port, mix, clients, seconds)
        faceted_load = load(server.port, portal.faceted, clients, seconds, distinct=True)
        peak = worker_peak_rss_mb(server)
    out(
        f"load, {clients} clients x {seconds:.0f} s: mix {mix_load.per_second:,.1f} req/s, "
        f"floor {floor_load.per_second:,.1f} req/s, ratio "
        f"{_ratio(mix_load.per_second, floor_load.per_second):.2f}; "
        f"errors {mix_load.errors + floor_load.errors} of "
        f"{mix_load.requests + floor_load.requests}; worker peak RSS {peak:,.0f} MB"
    )
    out(
        f"faceted browsing, {clients} clients x {seconds:.0f} s, every request a filter "
        f"combination of its own (the page cache misses): {faceted_load.per_second:,.1f} req/s, "
        f"ratio {_ratio(faceted_load.per_second, floor_load.per_second):.2f}; "
        f"errors {faceted_load.errors} of {faceted_load.requests}"
    )
    failed = {
        status: count
        for status, count in (
            mix_load.statuses + floor_load.statuses + faceted_load.statuses
        ).items()
        if not (isinstance(status, int) and status < 400)
    }
    if failed:
        listed = ", ".join(f"{s}: {n}" for s, n in sorted(failed.items(), key=str))
        out(f"  the errors: {listed}")
    return SizeFigures(size, floor, pages)


def _engine(env: dict) -> str:
    return "PostgreSQL" if env["DATABASE_URL"].startswith("postgres") else "SQLite"


def _ratio(a: float, b: float) -> float:
    return a / b if b else float("inf")


def _print_pages(out, floor: PageFigures, pages: list[PageFigures]) -> None:
    out(
        "served: with the whole-page cache, as visitors meet it; rendered: cache off, as the "
        "first visitor after a change meets it. Ratios to the floor page in the same mode."
    )
    out(f"{'page':<24}{'served':>10}{'p95':>10}{'x floor':>9}{'rendered':>10}{'p95':>10}"
        f"{'x floor':>9}{'1st byte':>10}{'queries':>9}{'size':>9}{'status':>7}")  # fmt: skip
    for page in [floor, *pages]:
        served, rendered = page.served, page.rendered
        out(
            f"{page.name:<24}{served.median_ms:>8.1f}ms{served.p95_ms:>8.1f}ms"
            f"{_ratio(served.median_ms, floor.served.median_ms):>8.1f}x"
            f"{rendered.median_ms:>8.1f}ms{rendered.p95_ms:>8.1f}ms"
            f"{_ratio(rendered.median_ms, floor.rendered.median_ms):>8.1f}x"
            f"{rendered.first_byte_ms:>8.1f}ms{page.queries:>9}"
            f"{rendered.size / 1024:>7.0f}KB{rendered.status:>7}"
        )


def compare(out, results: list[SizeFigures]) -> None:
    """Growth from the smallest to the largest size, page by page."""
    if len(results) < 2:
        return
    small, large = results[0], results[-1]
    drift = _ratio(large.floor.served.median_ms, small.floor.served.median_ms)
    out(f"\n== growth {small.size:,} -> {large.size:,} (median at the larger size / smaller; "
        f"in brackets, of the ratio to the floor, which takes out the machine's own drift: "
        f"the floor moved {drift:.2f}x)")  # fmt: skip
    for before, after in zip(small.pages, large.pages, strict=True):
        served = _ratio(after.served.median_ms, before.served.median_ms)
        rendered = _ratio(after.rendered.median_ms, before.rendered.median_ms)
        served_floor = _ratio(
            _ratio(after.served.median_ms, large.floor.served.median_ms),
            _ratio(before.served.median_ms, small.floor.served.median_ms),
        )
        out(f"{after.name:<24}served {served:>5.2f}x ({served_floor:.2f}x)   rendered "
            f"{rendered:>5.2f}x   queries {before.queries} -> {after.queries}")  # fmt: skip
