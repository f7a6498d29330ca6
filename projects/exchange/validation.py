"""Validation of exchange-format records (see ``shared/data/README.md`` and README.md).

Every problem is reported with the record's position, the field and the reason, so an editor can
mend the file. Validation returns clean Python values; nothing touches the database here.
"""

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from projects.models import (
    AgencyType,
    Design,
    MatrixTarget,
    OutcomeCategory,
    Proactivity,
    ProjectStage,
    SettlementType,
    Specificity,
    Target,
    Unit,
    canonical_address,
)
from projects.models.outcomes import Direction, direction_for
from projects.models.projects import CASE_STUDY_FIELDS
from projects.states import US_STATES

SETTLEMENT_WORDING = {
    "small rural": SettlementType.SMALL_RURAL,
    "small urban": SettlementType.SMALL_URBAN,
    "mid-sized urban": SettlementType.MID_SIZED_URBAN,
    "mid sized urban": SettlementType.MID_SIZED_URBAN,
    "medium urban": SettlementType.MID_SIZED_URBAN,
    "large urban": SettlementType.LARGE_URBAN,
    "metropolitan": SettlementType.METROPOLITAN,
}
# Wordings that name no single settlement type: kept empty, with a warning, not guessed.
VAGUE_SETTLEMENTS = {"urban", "rural", "dense urban"}

_url = URLValidator(schemes=["http", "https"])


class RecordError(Exception):
    def __init__(self, field_name: str, reason: str):
        super().__init__(f"{field_name}: {reason}")
        self.field = field_name
        self.reason = reason


@dataclass
class CleanOutcome:
    measure: str
    value: Decimal | None
    unit: str
    direction: str
    significance: str
    note: str
    category: str
    result_key: str
    is_headline: bool
    source: str | None
    source_page: str
    comparison: str
    time_window: str
    place_unit: str
    ci_low: Decimal | None
    ci_high: Decimal | None
    # The crime problem the figure measures, as the file words it (a taxonomy name, slug or
    # synonym); the importer matches it.
    crime_problem: str = ""


@dataclass
class CleanExternalRating:
    clearinghouse: str
    name: str
    rating: str
    evidence: str
    url: str
    covers: str


@dataclass
class CleanRecord:
    agency: str
    city: str
    state: str
    award_year: int | None
    phase: str
    research_partners: list[str]
    research_partner_wording: str
    researchers: list[str]
    crime_types: list[str]
    strategies: list[str]
    target: str
    study_design: str
    outcomes: list[CleanOutcome]
    summary: str
    source_summary: str
    title: str
    award_title: str
    headline: str
    caveats: str
    ratings: dict[str, str | None]
    replaces: tuple[str, int | None] | None
    award_number: str
    award_amount: int | None
    settlement_type: str
    area_sq_mi: Decimal | None
    population: int | None
    latitude: Decimal | None
    longitude: Decimal | None
    coordinates_note: str
    reports: list[tuple[str, str]]
    notes: str | None
    sources: list[str]
    sections: dict[str, str]
    design: str
    design_planned: bool
    sms_level: int | None
    external_ratings: list[CleanExternalRating]
    matrix_target: str
    specificity: str
    proactivity: str
    stage: str
    agency_type: str | None
    featured: bool
    warnings: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"{self.agency} {self.award_year or '(year unknown)'}"


def _text(record: dict, name: str, *, required: bool = False, max_length: int = 0) -> str:
    value = record.get(name)
    if value is None:
        if required:
            raise RecordError(name, "is required")
        return ""
    if not isinstance(value, str):
        raise RecordError(name, f"must be text, not {type(value).__name__}")
    value = value.strip()
    if required and not value:
        raise RecordError(name, "must not be empty")
    if max_length and len(value) > max_length:
        raise RecordError(name, f"is {len(value)} characters long; at most {max_length}")
    return value


def _int(record: dict, name: str, *, low: int | None = None, high: int | None = None) -> int | None:
    value = record.get(name)
    if value is None:
        return None
    # bool is an int in Python; true is not a year.
    if isinstance(value, bool) or not isinstance(value, int):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        else:
            raise RecordError(name, f"must be a whole number, not {value!r}")
    if (low is not None and value < low) or (high is not None and value > high):
        raise RecordError(name, f"{value} is outside {low} to {high}")
    return value


def _number(data: dict, name: str, *, low=None, high=None) -> Decimal | None:
    value = data.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise RecordError(name, f"must be a number, not {value!r}")
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise RecordError(name, f"{value!r} is not a number") from None
    if not number.is_finite():
        raise RecordError(name, "must be a finite number")
    if (low is not None and number < low) or (high is not None and number > high):
        raise RecordError(name, f"{value} is outside {low} to {high}")
    return number


def _text_list(record: dict, name: str) -> list[str]:
    value = record.get(name)
    if value is None:
        return []
    if not isinstance(value, list):
        raise RecordError(name, f"must be a list of text, not {type(value).__name__}")
    items = []
    for i, item in enumerate(value):
        if not isinstance(item, str):
            raise RecordError(f"{name}[{i}]", f"must be text, not {type(item).__name__}")
        if item.strip() and item.strip() not in items:
            items.append(item.strip())
    return items


def _choice(data: dict, name: str, choices, *, default: str = "") -> str:
    value = data.get(name)
    if value is None or value == "":
        return default
    if value not in choices.values:
        raise RecordError(name, f"{value!r} is not one of {', '.join(choices.values)}")
    return value


def _bool(data: dict, name: str) -> bool | None:
    value = data.get(name)
    if value is None or isinstance(value, bool):
        return value
    raise RecordError(name, f"must be true, false or null, not {value!r}")


def _url_value(value, name: str) -> str:
    if not isinstance(value, str):
        raise RecordError(name, f"must be an address, not {type(value).__name__}")
    value = value.strip()
    try:
        _url(value)
    except ValidationError:
        raise RecordError(name, f"{value!r} is not a web address") from None
    if len(value) > 500:
        raise RecordError(name, "addresses are at most 500 characters long")
    return canonical_address(value)


def split_research_partners(text: str) -> list[str]:
    """One partner per ';' outside parentheses: a ';' inside them belongs to one partner's note
    ("Washington State University (Institute ...; Dept. of ...)" is one partner)."""
    partners, current, depth = [], [], 0
    for char in text:
        if char == ";" and depth == 0:
            partners.append("".join(current))
            current = []
            continue
        depth = max(depth + {"(": 1, ")": -1}.get(char, 0), 0)
        current.append(char)
    partners.append("".join(current))
    return [name.strip() for name in partners if name.strip()]


def _outcome(data, position: str, sources: list[str], report_urls: list[str]) -> CleanOutcome:
    if not isinstance(data, dict):
        raise RecordError(position, f"must be an object, not {type(data).__name__}")

    def sub(name):
        return f"{position}.{name}"

    try:
        measure = _text(data, "measure", required=True, max_length=300)
        unit = _choice(data, "unit", Unit, default=Unit.PERCENT)
        value = _number(data, "change_percent", low=Decimal("-1e8"), high=Decimal("1e8"))
        direction = _choice(data, "direction", Direction)
        significant = _bool(data, "statistically_significant")
        category = _choice(data, "category", OutcomeCategory, default=OutcomeCategory.CRIME)
        ci_low = _number(data, "ci_low")
        ci_high = _number(data, "ci_high")
        headline = _bool(data, "headline")
        result_key = _text(data, "result_key", max_length=120)
        source_page = _text(data, "source_page", max_length=60)
        note = _text(data, "note")
        comparison = _text(data, "comparison", max_length=300)
        time_window = _text(data, "time_window", max_length=120)
        place_unit = _text(data, "place_unit", max_length=200)
        crime_problem = _text(data, "crime_problem", max_length=120)
    except RecordError as error:
        raise RecordError(sub(error.field), error.reason) from None
    if value is not None:
        expected = direction_for(value)
        if direction and direction != expected:
            raise RecordError(
                sub("direction"), f"{direction!r} contradicts change_percent {value} ({expected})"
            )
        direction = expected
        if unit == Unit.PERCENT and value < -100:
            raise RecordError(
                sub("change_percent"), f"a relative change of {value}% is below -100%"
            )
        if unit == Unit.PERCENTAGE_POINTS and abs(value) > 100:
            raise RecordError(sub("change_percent"), f"{value} points is outside -100 to 100")
    if ci_low is not None and ci_high is not None and ci_low > ci_high:
        raise RecordError(sub("ci_low"), "the interval's low end is above its high end")
    source = data.get("source")
    if source is not None:
        source = _url_value(source, sub("source"))
    elif sources:
        source = sources[0]
    elif report_urls:
        source = report_urls[0]
    significance = {True: "significant", False: "not_significant", None: "not_tested"}[significant]
    return CleanOutcome(
        measure=measure,
        value=value,
        unit=unit,
        direction=direction,
        significance=significance,
        note=note,
        category=category,
        result_key=result_key,
        is_headline=True if headline is None else headline,
        source=source,
        source_page=source_page,
        comparison=comparison,
        time_window=time_window,
        place_unit=place_unit,
        ci_low=ci_low,
        ci_high=ci_high,
        crime_problem=crime_problem,
    )


def _external_ratings(record: dict) -> list[CleanExternalRating]:
    """Other clearinghouses' ratings of the same study, each in that site's own words."""
    raw = record.get("external_ratings") or []
    if not isinstance(raw, list):
        raise RecordError("external_ratings", f"must be a list, not {type(raw).__name__}")
    ratings = []
    for i, data in enumerate(raw):
        position = f"external_ratings[{i}]"
        if not isinstance(data, dict):
            raise RecordError(position, f"must be an object, not {type(data).__name__}")
        try:
            rating = CleanExternalRating(
                clearinghouse=_text(data, "clearinghouse", required=True, max_length=120),
                name=_text(data, "name", required=True, max_length=300),
                rating=_text(data, "rating", required=True, max_length=200),
                evidence=_text(data, "evidence", max_length=120),
                url=_url_value(data.get("url"), "url"),
                covers=_text(data, "covers", max_length=500),
            )
        except RecordError as error:
            raise RecordError(f"{position}.{error.field}", error.reason) from None
        ratings.append(rating)
    return ratings


RATING_KEYS = ("design", "sms", "stage")


def _ratings(record: dict) -> dict[str, str | None]:
    """``design_rationale``, ``design_source`` and the same for ``sms`` and ``stage``: why each
    rating, and the address of the source it rests on."""
    ratings = {}
    for key in RATING_KEYS:
        ratings[f"{key}_rationale"] = _text(record, f"{key}_rationale", max_length=500)
        source = record.get(f"{key}_source")
        ratings[f"{key}_source"] = None if source is None else _url_value(source, f"{key}_source")
    return ratings


def _replaces(record: dict) -> tuple[str, int | None] | None:
    """The identity (agency, cohort year) this record supersedes, where the facts renamed an
    agency or found a year: the import then updates that project instead of adding one."""
    replaces = record.get("replaces")
    if replaces is None:
        return None
    if not isinstance(replaces, dict):
        raise RecordError("replaces", "must be an object with agency and award_year")
    try:
        return (
            _text(replaces, "agency", required=True, max_length=200),
            _int(replaces, "award_year", low=2009, high=2100),
        )
    except RecordError as error:
        raise RecordError(f"replaces.{error.field}", error.reason) from None


# A section is a few paragraphs; far longer is a file pasted in by mistake, which would make its
# page megabytes long and slow to draw.
SECTION_MAX_LENGTH = 100_000


def _section(case_study: dict, name: str) -> str:
    try:
        return _text(case_study, name, max_length=SECTION_MAX_LENGTH)
    except RecordError as error:
        raise RecordError(f"case_study.{name}", error.reason) from None


def clean_record(record) -> CleanRecord:
    """Check one exchange record and turn it into clean values, or raise RecordError."""
    if not isinstance(record, dict):
        raise RecordError("record", f"must be an object, not {type(record).__name__}")
    warnings = []
    agency = _text(record, "agency", required=True, max_length=200)
    state = _text(record, "state", required=True).upper()
    if state not in US_STATES:
        raise RecordError("state", f"unknown state code {record.get('state')!r}")
    settlement_text = _text(record, "settlement_type").casefold()
    settlement = SETTLEMENT_WORDING.get(settlement_text, "")
    if settlement_text and not settlement:
        if settlement_text not in VAGUE_SETTLEMENTS:
            raise RecordError("settlement_type", f"unknown settlement type {settlement_text!r}")
        warnings.append(f"settlement_type {settlement_text!r} names no single type; left empty")

    sources = [_url_value(s, f"sources[{i}]") for i, s in enumerate(_text_list(record, "sources"))]
    reports_raw = record.get("reports") or []
    if not isinstance(reports_raw, list):
        raise RecordError("reports", "must be a list of {title, url}")
    reports = []
    for i, report in enumerate(reports_raw):
        if not isinstance(report, dict):
            raise RecordError(f"reports[{i}]", "must be an object with title and url")
        title = _text(report, "title", required=True, max_length=300)
        reports.append((title, _url_value(report.get("url"), f"reports[{i}].url")))

    outcomes_raw = record.get("outcomes") or []
    if not isinstance(outcomes_raw, list):
        raise RecordError("outcomes", f"must be a list, not {type(outcomes_raw).__name__}")
    report_urls = [url for _title, url in reports]
    outcomes = [
        _outcome(o, f"outcomes[{i}]", sources, report_urls) for i, o in enumerate(outcomes_raw)
    ]

    case_study = record.get("case_study") or {}
    if not isinstance(case_study, dict):
        raise RecordError("case_study", "must be an object of sections")
    unknown_sections = set(case_study) - set(CASE_STUDY_FIELDS)
    if unknown_sections:
        raise RecordError("case_study", f"unknown sections: {', '.join(sorted(unknown_sections))}")
    sections = {name: _section(case_study, name) for name in CASE_STUDY_FIELDS}
    source_summary = _text(record, "summary", max_length=SECTION_MAX_LENGTH)
    if not sections["summary"]:
        sections["summary"] = source_summary

    agency_type = record.get("agency_type")
    if agency_type is not None:
        agency_type = _choice(record, "agency_type", AgencyType)
    featured = _bool(record, "featured")
    sms_level = _int(record, "sms_level", low=1, high=5)

    return CleanRecord(
        agency=agency,
        city=_text(record, "city", max_length=120),
        state=state,
        award_year=_int(record, "award_year", low=2009, high=2100),
        phase=_text(record, "phase", max_length=40),
        research_partners=split_research_partners(_text(record, "research_partner")),
        research_partner_wording=_text(record, "research_partner", max_length=500),
        researchers=_text_list(record, "researchers"),
        crime_types=_text_list(record, "crime_types"),
        strategies=_text_list(record, "strategies"),
        target=_choice(record, "target", Target),
        study_design=_text(record, "study_design", max_length=500),
        outcomes=outcomes,
        summary=sections["summary"],
        source_summary=source_summary,
        title=_text(record, "title", max_length=300),
        award_title=_text(record, "award_title", max_length=300),
        headline=_text(record, "headline", max_length=200),
        caveats=_text(record, "caveats"),
        ratings=_ratings(record),
        replaces=_replaces(record),
        award_number=_text(record, "award_number", max_length=40),
        award_amount=_int(record, "award_amount", low=0, high=10**9),
        settlement_type=settlement,
        area_sq_mi=_number(record, "area_sq_mi", low=0, high=10**6),
        population=_int(record, "population", low=0, high=10**9),
        latitude=_number(record, "latitude", low=-90, high=90),
        longitude=_number(record, "longitude", low=-180, high=180),
        coordinates_note=_text(record, "coordinates_note", max_length=200),
        reports=reports,
        # The editors' notes never leave in a public record (API, download): a record without
        # the key keeps the notes the project has, so importing one back loses nothing.
        notes=_text(record, "notes") if "notes" in record else None,
        sources=sources,
        sections=sections,
        design=_choice(record, "design", Design),
        design_planned=bool(_bool(record, "design_planned")),
        sms_level=sms_level,
        external_ratings=_external_ratings(record),
        matrix_target=_choice(record, "matrix_target", MatrixTarget),
        specificity=_choice(record, "specificity", Specificity),
        proactivity=_choice(record, "proactivity", Proactivity),
        stage=_choice(record, "stage", ProjectStage),
        agency_type=agency_type,
        featured=bool(featured),
        warnings=warnings,
    )
