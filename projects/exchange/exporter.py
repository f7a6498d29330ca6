"""Write projects in the exchange format, so that export then import gives back the same data."""

from decimal import Decimal

from django.db.models import Prefetch

from projects.models import ExternalRating, Outcome, Project, Resource, Source
from projects.models.projects import CASE_STUDY_FIELDS

from .validation import RATING_KEYS


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
        "crime_problem": outcome.crime_problem.slug if outcome.crime_problem else None,
    }


def export_external_rating(rating: ExternalRating) -> dict:
    return {
        "clearinghouse": rating.clearinghouse,
        "name": rating.name,
        "rating": rating.rating,
        "evidence": _or_none(rating.evidence),
        "url": rating.url,
        "covers": _or_none(rating.covers),
    }


def _ratings(project: Project) -> dict:
    ratings = {}
    for key in RATING_KEYS:
        source = getattr(project, f"{key}_source")
        ratings[f"{key}_rationale"] = _or_none(getattr(project, f"{key}_rationale"))
        ratings[f"{key}_source"] = source.url if source else None
    return ratings


def source_terms(project: Project, key: str) -> list[str]:
    """The strategies (``key`` "strategies") or crime types ("crime_types") in the facts' own
    words; for a project made in the admin, which has none, the taxonomy's names and the terms
    it keeps unmapped."""
    terms = project.source_terms or {}
    if key in terms:
        return list(terms[key])
    linked = project.strategies if key == "strategies" else project.crime_problems
    return [term.name for term in linked.all()] + (project.unmapped_terms or {}).get(key, [])


def export_project(project: Project) -> dict:
    """The project as an exchange record. The facts' keys keep the facts' wording (``summary``,
    ``strategies``, ``crime_types``), so a record imports back unchanged; the portal's own prose
    is ``case_study`` and its taxonomy is ``portal_strategies`` and ``portal_crime_problems``
    (names; import maps the facts' terms and does not read them)."""
    agency = project.agency
    return {
        "agency": agency.name,
        "city": _or_none(agency.city),
        "state": agency.state,
        "award_year": project.cohort_year,
        "phase": _or_none(project.phase),
        # The facts' own words where the project was imported with them (a department they
        # do not give is not added from another project's record).
        "research_partner": project.research_partner_wording
        or "; ".join(p.exchange_text for p in project.research_partners.all())
        or None,
        "researchers": [r.name for r in project.researchers.all()],
        "crime_types": source_terms(project, "crime_types"),
        "strategies": source_terms(project, "strategies"),
        "target": _or_none(project.target),
        "study_design": _or_none(project.study_design),
        "outcomes": [export_outcome(o) for o in project.outcomes.all()],
        "summary": project.source_summary,
        "title": _or_none(project.title),
        "award_title": _or_none(project.award_title),
        "award_number": _or_none(project.award_number),
        "award_amount": project.award_amount,
        "settlement_type": project.get_settlement_type_display().lower() or None,
        "area_sq_mi": json_number(project.area_sq_mi),
        "population": project.population,
        "latitude": json_number(agency.latitude),
        "longitude": json_number(agency.longitude),
        "coordinates_note": _or_none(agency.coordinates_note),
        "reports": [{"title": r.title, "url": r.url} for r in project.resources.all() if r.url],
        # The editors' exchange format keeps their notes; the public downloads (opendata.py)
        # never carry them.
        "notes": _or_none(project.notes),
        "sources": [s.url for s in project.sources.all()],
        "case_study": {name: getattr(project, name) for name in CASE_STUDY_FIELDS},
        "portal_strategies": [s.name for s in project.strategies.all()],
        "portal_crime_problems": [c.name for c in project.crime_problems.all()],
        "headline": _or_none(project.headline),
        "caveats": _or_none(project.caveats),
        "design": _or_none(project.design),
        "design_planned": project.design_planned,
        "sms_level": project.sms_level,
        "external_ratings": [export_external_rating(r) for r in project.external_ratings.all()],
        "matrix_target": _or_none(project.matrix_target),
        "specificity": _or_none(project.specificity),
        "proactivity": _or_none(project.proactivity),
        "stage": _or_none(project.stage),
        **_ratings(project),
        "agency_type": agency.agency_type,
        "featured": project.featured,
    }


def with_exchange_relations(queryset, resources=None):
    """``queryset`` with everything ``export_project`` reads, in a constant number of queries.
    ``resources`` narrows the reports (the public API lists published ones only)."""
    return queryset.select_related(
        "agency", "design_source", "sms_source", "stage_source"
    ).prefetch_related(
        "research_partners",
        "researchers",
        "crime_problems",
        "strategies",
        Prefetch("sources", queryset=Source.objects.select_related("copy_of")),
        "external_ratings",
        Prefetch(
            "resources", queryset=resources if resources is not None else Resource.objects.all()
        ),
        Prefetch(
            "outcomes",
            queryset=Outcome.objects.select_related("source__copy_of", "crime_problem"),
        ),
    )


def export_projects(queryset) -> list[dict]:
    projects = with_exchange_relations(queryset).order_by("agency__name", "cohort_year")
    return [export_project(p) for p in projects]
