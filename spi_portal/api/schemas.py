"""What the API returns, as schemas the OpenAPI description is generated from.

Projects and outcomes keep the exchange format's keys and values (``fixtures/spi_projects.json``,
``projects/exchange/exporter.py``), so a program can import what it fetched; lessons keep the
keys of ``fixtures/lessons.json`` and strategies and crime problems those of
``fixtures/taxonomy.json``. Each record adds its ``slug`` and public ``url``.
"""

from ninja import Schema
from pydantic import Field


class Error(Schema):
    parameter: str | None = Field(description="The query parameter at fault, if one is.")
    message: str


class ErrorBody(Schema):
    errors: list[Error]


class Page(Schema):
    count: int = Field(description="Records in the whole selection, on every page.")
    page: int
    page_size: int
    pages: int
    next: str | None = Field(description="The address of the next page, if there is one.")
    previous: str | None


class Outcome(Schema):
    measure: str
    change_percent: float | None = Field(description="The change, in the outcome's unit.")
    unit: str = Field(description="percent, points, count, ratio, other")
    direction: str | None
    statistically_significant: bool | None
    note: str | None
    category: str
    result_key: str
    headline: bool
    source: str | None = Field(description="The address of the source the figure comes from.")
    source_is_copy: bool = Field(
        description="The source address is a copy on a document-sharing site, not the original."
    )
    source_original: str | None = Field(
        description="For a copy: the address of the original or its record, where known."
    )
    source_page: str | None
    comparison: str | None
    time_window: str | None
    place_unit: str | None
    ci_low: float | None
    ci_high: float | None
    crime_problem: str | None = Field(
        description="The slug of the crime problem the figure measures; null for a non-crime "
        "figure (complaints, cost, process...) or one that names none."
    )


class ProjectOutcome(Outcome):
    project: str = Field(description="The slug of the outcome's project.")
    project_url: str


class SourceCopy(Schema):
    url: str = Field(description="A source address that is a copy on a document-sharing site.")
    copy_of: str | None = Field(description="The original or its record, where known.")


class Report(Schema):
    title: str
    url: str


class ExternalRating(Schema):
    clearinghouse: str
    name: str = Field(description="The rated program or study, as the clearinghouse names it.")
    rating: str = Field(description="In the clearinghouse's own words.")
    evidence: str | None
    url: str
    covers: str | None = Field(description="Which part of the project the rating is about.")


class EvidenceRating(Schema):
    value: str = Field(description="effect, mixed, promising, no-effect or not-rated")
    label: str
    why: str = Field(description="The outcomes the rating rests on, in the portal's words.")
    rated_sms_level: int | None = Field(
        description="The Maryland level the rating reads: the published one, lowered to 2 for "
        "a time series or before-and-after study that names no comparison group; null when "
        "not rated or only planned."
    )
    rule: str = Field(description="The address of the page that publishes the rule.")


class Project(Schema):
    slug: str
    url: str
    agency: str
    city: str | None
    state: str
    award_year: int | None
    phase: str | None
    research_partner: str | None = Field(description="Several are separated by “; ”.")
    researchers: list[str]
    crime_types: list[str] = Field(description="The crime types in the facts' own words.")
    strategies: list[str] = Field(description="The strategies in the facts' own words.")
    portal_strategies: list[str] = Field(
        description="The portal's strategies (taxonomy names) the facts' terms are filed under."
    )
    portal_crime_problems: list[str] = Field(
        description="The portal's crime problems (taxonomy names) the facts' terms are filed under."
    )
    target: str | None
    study_design: str | None
    outcomes: list[Outcome]
    summary: str = Field(
        description="The facts' own summary (empty where they give none); the portal's is "
        "case_study.summary."
    )
    title: str | None = Field(description="Only a title a source gives; null where none does.")
    award_title: str | None
    headline: str | None = Field(
        description="The portal's own headline for a project without a title: not a title."
    )
    caveats: str | None = Field(description="What a reader should know, in the portal's words.")
    award_number: str | None
    award_amount: int | None
    settlement_type: str | None
    area_sq_mi: float | None
    population: int | None
    latitude: float | None
    longitude: float | None
    coordinates_note: str | None
    reports: list[Report]
    sources: list[str]
    source_copies: list[SourceCopy] = Field(
        description="Which of the sources are copies on document-sharing sites, and of what."
    )
    case_study: dict[str, str] = Field(description="The portal's case study, section by section.")
    design: str | None
    design_planned: bool = Field(
        description="The sources describe the design only as planned: no study was carried out."
    )
    sms_level: int | None = Field(
        description="Null where the sources do not describe the comparison."
    )
    external_ratings: list[ExternalRating]
    rating: EvidenceRating = Field(
        description="The portal's own rating of the evidence, by its published rule."
    )
    matrix_target: str | None
    specificity: str | None
    proactivity: str | None
    stage: str | None
    design_rationale: str | None = Field(description="Why this design, from its source.")
    design_source: str | None
    sms_rationale: str | None
    sms_source: str | None
    stage_rationale: str | None
    stage_source: str | None
    agency_type: str
    featured: bool


class ProjectRef(Schema):
    agency: str
    award_year: int | None


class SourceRef(Schema):
    url: str
    title: str


class Lesson(Schema):
    slug: str
    url: str
    title: str
    core_practice: str
    audiences: list[str]
    summary: str
    body: str
    projects: list[ProjectRef]
    strategies: list[str]
    crime_problems: list[str]
    source: SourceRef | None


class Term(Schema):
    slug: str
    url: str
    name: str
    description: str
    synonyms: list[str]
    project_count: int = Field(description="Published projects under this term.")


class Agency(Schema):
    slug: str
    url: str
    name: str
    city: str
    state: str
    agency_type: str
    settlement_type: str
    population: int | None
    website: str | None
    projects: list[str] = Field(description="The slugs of the agency's published projects.")


class Partner(Schema):
    slug: str
    url: str
    name: str
    department: str
    website: str | None
    projects: list[str] = Field(description="The slugs of the partner's published projects.")


def page_of(item: type[Schema]) -> type[Schema]:
    """The paginated list of ``item``: the page's facts and its ``results``."""
    return type(f"{item.__name__}Page", (Page,), {"__annotations__": {"results": list[item]}})
