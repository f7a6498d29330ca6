"""The whole-data downloads, read a chunk of plain rows at a time, hold exactly the rows the list
page selects, in its order, with each project's related names, rating and outcomes as the
models give them one by one; at 10 projects and at 2,000 (two chunks and a part), with a
constant number of queries per chunk."""

import csv
import io
import json
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from editorial.models import PublicationStatus
from projects import exports
from projects.filters import ProjectFilter
from projects.models import (
    Agency,
    ExternalRating,
    Outcome,
    Project,
    ResearchPartner,
    Resource,
)
from projects.ratings import rate
from projects.views.common import published_projects
from tests.factories import make_crime_problem, make_source, make_strategy

pytestmark = pytest.mark.django_db

SIGNIFICANCE = ["significant", "not_significant", "not_tested"]


def build(size: int) -> dict:
    """``size`` published projects (and a draft per ten), written in bulk: strategies, crime
    problems, partners, outcomes of several kinds, external ratings and resources, varied by
    position so the rows differ."""
    strategies = [make_strategy(name=f"Strategy {c}") for c in "CAB"]
    problems = [make_crime_problem(name=f"Problem {c}") for c in "ZY"]
    partners = [ResearchPartner.objects.create(name=f"Univ {c}", slug=f"univ-{c}") for c in "QP"]
    source = make_source(title="Final report")
    agencies = Agency.objects.bulk_create(
        Agency(name=f"Agency {n}", slug=f"agency-{n}", city=f"City {n}", state="AZ")
        for n in range(size)
    )
    projects = Project.objects.create_many(
        [
            Project(
                agency=agency,
                cohort_year=2009 + n % 15,
                status=PublicationStatus.DRAFT if n % 10 == 9 else PublicationStatus.PUBLISHED,
                summary=f"Summary {n}",
                design=["rct", "quasi_experimental", "pre_post", ""][n % 4],
                sms_level=[5, 3, 4, None][n % 4],
            )
            for n, agency in enumerate(agencies)
        ],
        set(),
    )
    links = Project.strategies.through.objects.bulk_create(
        Project.strategies.through(project=p, strategy=strategies[k])
        for n, p in enumerate(projects)
        for k in range(n % 3 + 1)
    )
    Project.crime_problems.through.objects.bulk_create(
        Project.crime_problems.through(project=p, crimeproblem=problems[n % 2])
        for n, p in enumerate(projects)
    )
    Project.research_partners.through.objects.bulk_create(
        Project.research_partners.through(project=p, researchpartner=partners[k])
        for n, p in enumerate(projects)
        for k in range(n % 2 + 1)
    )
    Outcome.objects.bulk_create(
        Outcome(
            project=p,
            measure=f"measure {k}",
            result_key=f"result-{k}",
            category=["crime", "complaints_force", "crime"][k],
            crime_problem=problems[(n + k) % 2] if k != 1 else None,
            value=Decimal(-10 - k) if n % 5 else Decimal("2.5"),
            direction="decrease" if n % 5 else "increase",
            significance=SIGNIFICANCE[(n + k) % 3],
            is_headline=k < 2,
            source=source if k else None,
            order=k,
        )
        for n, p in enumerate(projects)
        for k in range(n % 3 + 1)
    )
    ExternalRating.objects.bulk_create(
        ExternalRating(project=p, clearinghouse="CrimeSolutions", rating="Effective")
        for p in projects[::7]
    )
    report = Resource.objects.create(
        title="Report", url="https://example.org/report", status=PublicationStatus.PUBLISHED
    )
    report.projects.set(projects[::3])
    draft = Resource.objects.create(title="Draft report", url="https://example.org/draft")
    draft.projects.set(projects[::2])
    return {"strategy": strategies[0], "links": len(links)}


def rows(client, dataset: str, fmt: str, query: str = "") -> list[dict]:
    url = reverse("projects:download", args=[dataset, fmt]) + query
    body = client.get(url).getvalue().decode()
    if fmt == "csv":
        return list(csv.DictReader(io.StringIO(body)))
    return json.loads(body)[dataset]


def page_projects(query: dict) -> list[Project]:
    """The list page's selection, in its order, loaded the ordinary way, one model at a time."""
    selected = ProjectFilter(query, queryset=published_projects()).qs
    return list(selected.with_cards())


def names(manager) -> str:
    return "; ".join(str(item) for item in manager.all())


@pytest.mark.parametrize("size", [10, 2000])
def test_downloads_hold_the_pages_rows_with_what_the_models_say(client, size):
    made = build(size)
    for query in ({}, {"strategy": made["strategy"].slug}):
        expected = page_projects(query)
        suffix = f"?strategy={query['strategy']}" if query else ""
        # The JSON file holds the exchange records (projects.exchange); the flat rows are the CSV.
        records = rows(client, "projects", "json", suffix)
        assert [r["slug"] for r in records] == [p.slug for p in expected]
        projects = rows(client, "projects", "csv", suffix)
        assert [r["slug"] for r in projects] == [p.slug for p in expected]
        for row, project in zip(projects, expected, strict=True):
            rating = rate(project)
            assert row["agency"] == project.agency.name
            assert row["strategies"] == names(project.strategies)
            assert row["crime_problems"] == names(project.crime_problems)
            assert row["research_partners"] == names(project.research_partners)
            assert (row["rating"], row["rating_why"]) == (rating.value, rating.why)
            level = rating.strength.level
            assert row["rated_sms_level"] == ("" if level is None else str(level))
            assert row["external_ratings"].count("CrimeSolutions") == len(
                project.external_ratings.all()
            )
            report = Resource.objects.published().filter(projects=project).exists()
            assert row["resources"] == ("https://example.org/report" if report else "")
            assert row["url"].endswith(project.get_absolute_url())
        outcomes = rows(client, "outcomes", "csv", suffix)
        wanted = [
            (p.slug, o.measure, o.crime_problem.slug if o.crime_problem else "", o.source)
            for p in expected
            for o in p.outcomes.select_related("crime_problem", "source")
        ]
        assert [(r["project_slug"], r["measure"], r["measures"]) for r in outcomes] == [
            w[:3] for w in wanted
        ]
        assert [r["source_title"] for r in outcomes] == [w[3].label if w[3] else "" for w in wanted]


def test_a_download_costs_the_same_queries_for_each_chunk(client, monkeypatch):
    build(30)
    counts = {}
    for chunk in (30, 15, 10):  # one, two and three chunks
        monkeypatch.setattr(exports, "CHUNK_SIZE", chunk)
        for dataset in ("projects", "outcomes"):
            with CaptureQueriesContext(connection) as captured:
                rows(client, dataset, "csv")
            counts[dataset, chunk] = len(captured.captured_queries)
    for dataset in ("projects", "outcomes"):
        one, two, three = (counts[dataset, chunk] for chunk in (30, 15, 10))
        assert 0 < two - one == three - two <= 12, (dataset, one, two, three)
