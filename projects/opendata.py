"""Open data: published projects and their outcomes as flat rows for CSV and JSON downloads.

One row builder serves both formats, so a CSV and a JSON download of the same selection carry
the same facts. Every outcome row names its source, as every figure on the site does.
"""

import csv
from collections.abc import Iterable, Iterator

from django.db.models import Prefetch
from django.urls import reverse

from editorial.text import safe_url
from projects.exchange.exporter import (
    export_outcome,
    export_project,
    json_number,
    with_exchange_relations,
)
from projects.models import Outcome, Resource
from projects.ratings import design_strength, outcome_kind, rate

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


def open_data_queryset(queryset):
    return queryset.with_cards().prefetch_related(
        "research_partners",
        "researchers",
        "external_ratings",
        Prefetch("resources", queryset=Resource.objects.published()),
        Prefetch(
            "outcomes",
            queryset=Outcome.objects.select_related("source__copy_of", "crime_problem"),
        ),
    )


def external_ratings_text(project) -> str:
    """Other clearinghouses' ratings in one cell: "CrimeSolutions: Effective (the
    offender-focused arm) <address>; ..."."""
    return "; ".join(
        f"{r.clearinghouse}: {r.rating}"
        + (f" ({r.covers})" if r.covers else "")
        + (f" <{href}>" if (href := safe_url(r.url)) else "")
        for r in project.external_ratings.all()
    )


def _names(items) -> str:
    return "; ".join(str(item) for item in items)


def project_row(project, base: str) -> dict:
    """The project as one flat row (CSV); ``base`` is the site's address (``site_url``)."""
    agency = project.agency
    rating = rate(project)
    return {
        "slug": project.slug,
        "url": base + project.get_absolute_url(),
        # Only a title a source gives; the portal's own headline is not data about the project.
        "title": project.title,
        "award_title": project.award_title,
        "agency": agency.name,
        "city": agency.city,
        "state": agency.state,
        "cohort_year": project.cohort_year,
        "stage": project.stage,
        "strategies": _names(project.strategies.all()),
        "crime_problems": _names(project.crime_problems.all()),
        "research_partners": _names(project.research_partners.all()),
        "researchers": _names(project.researchers.all()),
        "target": project.target,
        "specificity": project.specificity,
        "proactivity": project.proactivity,
        "design": project.design,
        "design_planned": project.design_planned,
        "sms_level": project.sms_level,
        "rated_sms_level": rating.strength.level,
        "study_design": project.study_design,
        "rating": rating.value,
        "rating_label": rating.label,
        "rating_why": rating.why,
        "external_ratings": external_ratings_text(project),
        "population": project.population,
        "settlement_type": project.settlement_type,
        "latitude": json_number(agency.latitude),
        "longitude": json_number(agency.longitude),
        "summary": project.summary,
        "resources": _names(href for r in project.resources.all() if (href := safe_url(r.href))),
    }


def outcome_rows(project, base: str) -> list[dict]:
    shared = {
        "project_slug": project.slug,
        "project_url": base + project.get_absolute_url(),
        "agency": project.agency.name,
        "state": project.agency.state,
        "cohort_year": project.cohort_year,
        "design": project.design,
        "design_planned": project.design_planned,
        "sms_level": project.sms_level,
        "rated_sms_level": design_strength(project).level,
    }
    rows = []
    for outcome in project.outcomes.all():
        source = outcome.source
        rows.append(
            shared
            | {
                "measure": outcome.measure,
                "category": outcome.category,
                "outcome_kind": outcome_kind(outcome).value,
                "measures": outcome.crime_problem.slug if outcome.crime_problem else "",
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


class _Line:
    """A file-like object that hands back what the csv writer writes, one row at a time."""

    def write(self, text: str) -> str:
        return text


def csv_lines(rows: Iterable[dict], columns: list[str]) -> Iterator[str]:
    """The header and then one CSV line per row, produced as the rows arrive, so a download
    streams and its memory stays flat however many rows there are."""
    writer = csv.DictWriter(_Line(), fieldnames=columns, lineterminator="\r\n")
    yield writer.writeheader()
    for row in rows:
        yield writer.writerow({key: _safe_cell(row[key]) for key in columns})
