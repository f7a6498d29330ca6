"""Write projects in the exchange format, so that export then import gives back the same data."""

from decimal import Decimal

from django.db.models import Prefetch

from projects.models import Outcome, Project, Resource
from projects.models.projects import CASE_STUDY_FIELDS


def json_number(value: Decimal | None):
    """A stored decimal as the exchange format writes it: a whole number as an int, else a
    float (the open-data files write the same)."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _or_none(value):
    return value if value not in ("", None) else None


def export_outcome(outcome: Outcome) -> dict:
    significant = {"significant": True, "not_significant": False}.get(outcome.significance)
    return {
        "measure": outcome.measure,
        "change_percent": json_number(outcome.value),
        "unit": outcome.unit,
        "direction": _or_none(outcome.direction),
        "statistically_significant": significant,
        "note": _or_none(outcome.note),
        "category": outcome.category,
        "result_key": outcome.result_key,
        "headline": outcome.is_headline,
        "source": outcome.source.url if outcome.source else None,
        "source_page": _or_none(outcome.source_page),
        "comparison": _or_none(outcome.comparison),
        "time_window": _or_none(outcome.time_window),
        "place_unit": _or_none(outcome.place_unit),
        "ci_low": json_number(outcome.ci_low),
        "ci_high": json_number(outcome.ci_high),
    }


def export_project(project: Project) -> dict:
    agency = project.agency
    unmapped = project.unmapped_terms or {}
    return {
        "agency": agency.name,
        "city": _or_none(agency.city),
        "state": agency.state,
        "award_year": project.cohort_year,
        "phase": _or_none(project.phase),
        "research_partner": "; ".join(p.exchange_text for p in project.research_partners.all())
        or None,
        "researchers": [r.name for r in project.researchers.all()],
        "crime_types": [c.name for c in project.crime_problems.all()]
        + unmapped.get("crime_types", []),
        "strategies": [s.name for s in project.strategies.all()] + unmapped.get("strategies", []),
        "target": _or_none(project.target),
        "study_design": _or_none(project.study_design),
        "outcomes": [export_outcome(o) for o in project.outcomes.all()],
        "summary": project.summary,
        "title": _or_none(project.title),
        "award_title": _or_none(project.award_title),
        "award_number": _or_none(project.award_number),
        "award_amount": project.award_amount,
        "settlement_type": agency.get_settlement_type_display().lower() or None,
        "area_sq_mi": json_number(agency.area_sq_mi),
        "population": agency.population,
        "latitude": json_number(agency.latitude),
        "longitude": json_number(agency.longitude),
        "coordinates_note": _or_none(agency.coordinates_note),
        "reports": [{"title": r.title, "url": r.url} for r in project.resources.all() if r.url],
        "notes": _or_none(project.notes),
        "sources": [s.url for s in project.sources.all()],
        "case_study": {name: getattr(project, name) for name in CASE_STUDY_FIELDS},
        "design": _or_none(project.design),
        "sms_level": project.sms_level,
        "matrix_target": _or_none(project.matrix_target),
        "specificity": _or_none(project.specificity),
        "proactivity": _or_none(project.proactivity),
        "stage": _or_none(project.stage),
        "agency_type": agency.agency_type,
        "featured": project.featured,
    }


def with_exchange_relations(queryset, resources=None):
    """``queryset`` with everything ``export_project`` reads, in a constant number of queries.
    ``resources`` narrows the reports (the public API lists published ones only)."""
    return queryset.select_related("agency").prefetch_related(
        "research_partners",
        "researchers",
        "crime_problems",
        "strategies",
        "sources",
        Prefetch(
            "resources", queryset=resources if resources is not None else Resource.objects.all()
        ),
        Prefetch("outcomes", queryset=Outcome.objects.select_related("source")),
    )


def export_projects(queryset) -> list[dict]:
    projects = with_exchange_relations(queryset).order_by("agency__name", "cohort_year")
    return [export_project(p) for p in projects]
