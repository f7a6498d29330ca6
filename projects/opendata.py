"""Open data: published projects and their outcomes as flat rows for CSV and JSON downloads.

One row builder serves both formats, so a CSV and a JSON download of the same selection carry
the same facts. Every outcome row names its source, as every figure on the site does.
"""

import csv
import io
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.urls import reverse

from editorial.text import safe_url
from projects.exchange.exporter import (
    export_outcome,
    export_project,
    json_number,
    with_exchange_relations,
)
from projects.models import CrimeProblem, ExternalRating, Outcome, Project, Resource, Source
from projects.rating_table import RatedRow
from projects.ratings import outcome_kind, rate

PROJECT_COLUMNS = [
    "slug", "url", "title", "award_title", "agency", "city", "state", "cohort_year", "stage",
    "strategies", "crime_problems", "research_partners", "researchers", "target", "specificity",
    "proactivity", "design", "design_planned", "sms_level", "rated_sms_level", "study_design",
    "rating", "rating_label", "rating_why", "external_ratings", "population", "settlement_type",
    "latitude", "longitude", "summary", "resources",
]  # fmt: skip
OUTCOME_COLUMNS = [
    "project_slug", "project_url", "agency", "state", "cohort_year", "measure", "category",
    "outcome_kind", "measures", "unit", "value", "direction", "significance", "ci_low",
    "ci_high", "comparison", "time_window", "place_unit", "result_key", "headline", "design",
    "design_planned",
    "sms_level", "rated_sms_level", "source_title", "source_url", "source_is_copy",
    "source_original_url", "source_page",
]  # fmt: skip
# A cell starting with one of these is a formula to a spreadsheet program.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


# What a row reads of a project and its agency; the case-study sections stay in the database.
PROJECT_FIELDS = (
    "slug", "title", "award_title", "cohort_year", "stage", "target", "specificity",
    "proactivity", "design", "design_planned", "sms_level", "study_design", "population",
    "settlement_type", "summary", "agency__name", "agency__city", "agency__state",
    "agency__latitude", "agency__longitude",
)  # fmt: skip
AGENCY_FIELDS = ("name", "city", "state", "latitude", "longitude")
OUTCOME_FIELDS = (
    "project_id", "measure", "category", "crime_problem_id", "unit", "value", "direction",
    "significance", "ci_low", "ci_high", "comparison", "time_window", "place_unit",
    "result_key", "is_headline", "source_id", "source_page",
)  # fmt: skip


@dataclass
class Loaded:
    """One project of a download with everything its rows read, fetched for a whole chunk of
    projects at once: related records as plain lists, no queryset per project."""

    project: SimpleNamespace  # PROJECT_FIELDS, ``agency`` holding the agency's, and ``url``
    rating: RatedRow
    strategies: list = field(default_factory=list)
    crime_problems: list = field(default_factory=list)
    research_partners: list = field(default_factory=list)
    researchers: list = field(default_factory=list)
    external_ratings: list = field(default_factory=list)
    resources: list = field(default_factory=list)
    outcomes: list = field(default_factory=list)


def _linked(through, own: str, other: str, related, ids) -> dict[int, list]:
    """The records of ``related`` (a queryset, in its order) linked to each project of ``ids``
    through ``through``: one query for the links, one for the records they name."""
    pairs = list(
        through.objects.filter(**{f"{own}__in": ids}).values_list(f"{own}_id", f"{other}_id")
    )
    records = {r.pk: r for r in related.filter(pk__in={pk for _, pk in pairs})}
    rank = {pk: n for n, pk in enumerate(records)}
    found: dict[int, list] = defaultdict(list)
    for project_id, pk in sorted((p for p in pairs if p[1] in records), key=lambda p: rank[p[1]]):
        found[project_id].append(records[pk])
    return found


def _outcomes(ids) -> dict[int, list]:
    """Each project's outcomes, in their order, as plain records with their source and crime
    problem: sources and crime problems are few, so each is read once."""
    rows = list(
        Outcome.objects.filter(project__in=ids).order_by("project", "order", "pk")
        .values(*OUTCOME_FIELDS)
    )  # fmt: skip
    sources = Source.objects.select_related("copy_of").filter(pk__in={r["source_id"] for r in rows})
    sources = {s.pk: s for s in sources}
    problems = dict(CrimeProblem.objects.values_list("pk", "slug"))
    found: dict[int, list] = defaultdict(list)
    for row in rows:
        row["source"] = sources.get(row["source_id"])
        row["measures"] = problems.get(row["crime_problem_id"], "")
        found[row["project_id"]].append(SimpleNamespace(**row))
    return found


def case_study_address(base: str) -> Callable[[str], str]:
    """A case study's full address from its slug (``base``: the site's address, ``site_url``),
    the URL resolved once: resolving it again for each of ten thousand rows costs more than the
    rest of the row."""
    marker = "case-study-slug"
    head, tail = (base + Project(slug=marker).get_absolute_url()).split(marker)
    return lambda slug: f"{head}{slug}{tail}"


def _projects(ids, base: str) -> dict[int, SimpleNamespace]:
    address = case_study_address(base)
    found = {}
    for row in Project.objects.filter(pk__in=ids).values("pk", *PROJECT_FIELDS):
        agency = {f: row.pop(f"agency__{f}") for f in AGENCY_FIELDS}
        found[row["pk"]] = SimpleNamespace(
            **row, agency=SimpleNamespace(**agency), url=address(row["slug"])
        )
    return found


def load_chunk(
    ids: list[int], dataset: str, ratings: dict[int, RatedRow], base: str
) -> list[Loaded]:
    """The projects ``ids``, in that order, with what ``dataset``'s rows read of them (their
    ratings from ``ratings``, the rating table; their addresses under ``base``), in a constant
    number of queries however many ids there are."""
    by_pk = _projects(ids, base)
    loaded = {pk: Loaded(by_pk[pk], ratings[pk]) for pk in ids if pk in by_pk}
    if dataset == "outcomes":
        for pk, outcomes in _outcomes(ids).items():
            loaded[pk].outcomes = outcomes
        return list(loaded.values())
    for name in ("strategies", "crime_problems", "research_partners", "researchers"):
        relation = Project._meta.get_field(name)
        links = _linked(
            relation.remote_field.through,
            relation.m2m_field_name(),
            relation.m2m_reverse_field_name(),
            relation.related_model.objects.all(),
            ids,
        )
        for pk, records in links.items():
            setattr(loaded[pk], name, records)
    resources = Resource._meta.get_field("projects")
    links = _linked(
        resources.remote_field.through,
        resources.m2m_reverse_field_name(),
        resources.m2m_field_name(),
        Resource.objects.published(),
        ids,
    )
    for pk, records in links.items():
        loaded[pk].resources = records
    for external in ExternalRating.objects.filter(project__in=ids):
        loaded[external.project_id].external_ratings.append(external)
    return list(loaded.values())


def external_ratings_text(ratings) -> str:
    """Other clearinghouses' ratings in one cell: "CrimeSolutions: Effective (the
    offender-focused arm) <address>; ..."."""
    return "; ".join(
        f"{r.clearinghouse}: {r.rating}"
        + (f" ({r.covers})" if r.covers else "")
        + (f" <{href}>" if (href := safe_url(r.url)) else "")
        for r in ratings
    )


def _names(items) -> str:
    return "; ".join(str(item) for item in items)


def project_row(loaded: Loaded) -> dict:
    project, rating = loaded.project, loaded.rating
    agency = project.agency
    return {
        "slug": project.slug,
        "url": project.url,
        # Only a title a source gives; the portal's own headline is not data about the project.
        "title": project.title,
        "award_title": project.award_title,
        "agency": agency.name,
        "city": agency.city,
        "state": agency.state,
        "cohort_year": project.cohort_year,
        "stage": project.stage,
        "strategies": _names(loaded.strategies),
        "crime_problems": _names(loaded.crime_problems),
        "research_partners": _names(loaded.research_partners),
        "researchers": _names(loaded.researchers),
        "target": project.target,
        "specificity": project.specificity,
        "proactivity": project.proactivity,
        "design": project.design,
        "design_planned": project.design_planned,
        "sms_level": project.sms_level,
        "rated_sms_level": rating.level,
        "study_design": project.study_design,
        "rating": rating.rating.value,
        "rating_label": rating.rating.label,
        "rating_why": rating.why,
        "external_ratings": external_ratings_text(loaded.external_ratings),
        "population": project.population,
        "settlement_type": project.settlement_type,
        "latitude": json_number(agency.latitude),
        "longitude": json_number(agency.longitude),
        "summary": project.summary,
        "resources": _names(href for r in loaded.resources if (href := safe_url(r.href))),
    }


def outcome_rows(loaded: Loaded) -> list[dict]:
    project = loaded.project
    shared = {
        "project_slug": project.slug,
        "project_url": project.url,
        "agency": project.agency.name,
        "state": project.agency.state,
        "cohort_year": project.cohort_year,
        "design": project.design,
        "design_planned": project.design_planned,
        "sms_level": project.sms_level,
        "rated_sms_level": loaded.rating.level,
    }
    rows = []
    for outcome in loaded.outcomes:
        source = outcome.source
        rows.append(
            shared
            | {
                "measure": outcome.measure,
                "category": outcome.category,
                "outcome_kind": outcome_kind(outcome).value,
                "measures": outcome.measures,
                "unit": outcome.unit,
                "value": json_number(outcome.value),
                "direction": outcome.direction,
                "significance": outcome.significance,
                "ci_low": json_number(outcome.ci_low),
                "ci_high": json_number(outcome.ci_high),
                "comparison": outcome.comparison,
                "time_window": outcome.time_window,
                "place_unit": outcome.place_unit,
                "result_key": outcome.result_key,
                "headline": outcome.is_headline,
                "source_title": source.label if source else "",
                "source_url": safe_url(source and source.url) or "",
                **_copy_fields(source, "source_original_url"),
                "source_page": outcome.source_page,
            }
        )
    return rows


def _copy_fields(source, original_key: str) -> dict:
    """Whether ``source`` is a copy on a document-sharing site, and the original's address
    where known: a copy is never passed off as the original."""
    original = source.copy_of if source and source.is_copy else None
    return {
        "source_is_copy": bool(source and source.is_copy),
        original_key: (safe_url(original.url) if original else None) or "",
    }


def public_outcome(outcome) -> dict:
    """An exchange-format outcome with only a safe source address, saying when that address is
    a copy (``source_is_copy``, ``source_original``; import does not read them)."""
    copy = _copy_fields(outcome.source, "source_original")
    return export_outcome(outcome) | {
        "source": safe_url(outcome.source and outcome.source.url),
        "source_is_copy": copy["source_is_copy"],
        "source_original": copy["source_original"] or None,
    }


def exchange_queryset(queryset):
    """``queryset`` with what ``public_record`` reads, published reports only."""
    return with_exchange_relations(queryset, Resource.objects.published())


def public_record(project, base: str) -> dict:
    """The project as the API and ``projects.json`` give it: its exchange record (importable as
    it is, see ``projects.exchange``) with only safe addresses, its ``slug``, its ``url`` and the
    portal's ``rating``. The editors' ``notes`` never leave."""
    record = export_project(project)
    del record["notes"]
    outcomes = list(project.outcomes.all())
    rating = rate(project, outcomes=outcomes)
    record["outcomes"] = [public_outcome(outcome) for outcome in outcomes]
    record["external_ratings"] = [
        r | {"url": safe_url(r["url"])} for r in record["external_ratings"] if safe_url(r["url"])
    ]
    record["rating"] = {
        "value": rating.value,
        "label": rating.label,
        "why": rating.why,
        "rated_sms_level": rating.strength.level,
        "rule": base + reverse("projects:rating-rule"),
    }
    record["sources"] = [url for url in record["sources"] if safe_url(url)]
    # Which of those addresses are copies on document-sharing sites, and of what.
    record["source_copies"] = [
        {"url": source.url, "copy_of": (safe_url(source.copy_of.url) if source.copy_of else None)}
        for source in project.sources.all()
        if source.is_copy and safe_url(source.url)
    ]
    record["reports"] = [report for report in record["reports"] if safe_url(report["url"])]
    return {"slug": project.slug, "url": base + project.get_absolute_url(), **record}


def _safe_cell(value):
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return "" if value is None else value


# Rows written per piece of a streamed file: a piece per row costs more in the response's
# own handling than writing the row does.
ROWS_PER_PIECE = 200


def csv_lines(rows: Iterable[dict], columns: list[str]) -> Iterator[str]:
    """The header and then the rows as CSV, handed on a few hundred lines at a time as the
    rows arrive, so a download streams and its memory stays flat however many rows there
    are."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for number, row in enumerate(rows, 1):
        writer.writerow([_safe_cell(row[key]) for key in columns])
        if number % ROWS_PER_PIECE == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()
