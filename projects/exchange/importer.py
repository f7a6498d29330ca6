"""Import exchange-format records into the portal, idempotently.

A project's identity is its agency and cohort year, so importing the same file twice changes
nothing and a changed file updates records in place.

Records are written in batches, each in its own savepoint: what the batch needs is looked up
once (agencies, partners, sources, the projects it updates), new records go in with one insert
per table, and the search index is updated once, after the commit. A record that fails a check
is reported and left out before anything is written. A batch that fails as a whole (a database
constraint) is undone and written again one record at a time, so the failure is reported
against its record, nothing is left half-written and the file's good records are still imported
(unless ``atomic`` asks for all or nothing).
"""

import re
from collections import Counter
from dataclasses import asdict, dataclass, field
from itertools import chain

from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.db.models import Prefetch
from django.utils.text import slugify

from editorial.changes import created_in_bulk
from editorial.models import PublicationStatus
from editorial.workflow import record_changes
from projects.models import (
    Agency,
    CrimeProblem,
    ExternalRating,
    Outcome,
    Project,
    Researcher,
    ResearchPartner,
    Resource,
    SlugRedirect,
    Source,
    Strategy,
    canonical_address,
    describe_url,
    institution_key,
    normalize_term,
    person_key,
)
from projects.models.projects import CRIME_CATEGORIES
from projects.models.slugs import unique_slug
from projects.states import US_STATES

from .changes import assign_changed, link_many, set_related
from .validation import RATING_KEYS, CleanRecord, RecordError, clean_record

# The parts of a partner's name after the institution that name a department, not a campus
# ("Arizona State University, Center for ..." but "California State University, Chico").
_DEPARTMENT_WORDS = re.compile(
    r"\b(school|department|dept|center|centre|institute|division|college|program|criminal|"
    r"criminology|office|applied)\b",
    re.IGNORECASE,
)
_PARENTHETICAL = re.compile(r"\s*\([^()]*\)")

PROJECT_FIELDS = [
    "phase",
    "title",
    "award_title",
    "headline",
    "award_number",
    "award_amount",
    "settlement_type",
    "area_sq_mi",
    "population",
    "stage",
    "featured",
    "target",
    "matrix_target",
    "specificity",
    "proactivity",
    "study_design",
    "design",
    "design_planned",
    "sms_level",
    "caveats",
    "notes",
    "research_partner_wording",
]
OUTCOME_FIELDS = [
    "measure",
    "category",
    "unit",
    "value",
    "direction",
    "significance",
    "ci_low",
    "ci_high",
    "comparison",
    "time_window",
    "place_unit",
    "note",
    "source_id",
    "source_page",
    "result_key",
    "is_headline",
    "order",
    "crime_problem_id",
]
EXTERNAL_RATING_FIELDS = ["clearinghouse", "name", "rating", "evidence", "url", "covers", "order"]


# How the report names the terms kept unmapped, by the key they are kept under.
UNMAPPED_KINDS = {"strategies": "strategy", "crime_types": "crime type"}
# Records written together in one savepoint; a batch that fails is written again one by one.
BATCH_SIZE = 250
# The project's links an import writes, by relation name.
LINKS = ("strategies", "crime_problems", "research_partners", "researchers", "sources")
RATING_SOURCES = [f"{key}_source" for key in RATING_KEYS]

# An import writing this many projects refreshes the database's statistics before it commits.
ANALYZE_FROM = 200

# Field checks run in Python, each record's own; uniqueness and constraints are the database's,
# which enforces them in the same statement (a breach fails that record, reported with reason),
# instead of one query per constraint per row.
WRITE_CHECKS = {"validate_unique": False, "validate_constraints": False}


class _Rollback(Exception):
    """Raised to undo a dry run or a failed atomic import after the report is complete."""


@dataclass
class FailedRecord:
    position: int
    label: str
    field: str
    reason: str

    def __str__(self):
        return f"record {self.position} ({self.label}): {self.field}: {self.reason}"


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    errors: list[FailedRecord] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    unmapped: Counter = field(default_factory=Counter)
    rolled_back: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        text = (
            f"{len(self.created)} created, {len(self.updated)} updated, "
            f"{len(self.unchanged)} unchanged, {len(self.errors)} failed"
        )
        if self.unmapped:
            text += f", {len(self.unmapped)} unmapped terms"
        if self.rolled_back:
            text += " (nothing was saved)"
        return text


def partner_name_and_department(text: str) -> tuple[str, str]:
    """The institution and its department: after a comma ("Arizona State University, Center
    for ..." but not "California State University, Chico") or in parentheses ("University of
    Texas at San Antonio (Department of ...)"). Other notes in parentheses ("(JSS)",
    "(evaluators)") are not part of the name."""
    notes = [note.strip("() ") for note in _PARENTHETICAL.findall(text)]
    text = _PARENTHETICAL.sub("", text).strip()
    name, _, rest = text.partition(",")
    if rest and _DEPARTMENT_WORDS.search(rest):
        return name.strip(), rest.strip()
    department = next((note for note in notes if _DEPARTMENT_WORDS.search(note)), "")
    return text, department


def source_for(url: str, title: str = "") -> Source:
    """The source at ``url``; one first seen is described from its address (kind, publisher)
    and a report's title, and an editor's description is never overwritten."""
    url = canonical_address(url)
    source = Source.objects.get_or_create(url=url, defaults=describe_url(url))[0]
    if title and not source.title:
        source.title = title
        source.save(update_fields=["title"])
    return source


# The agency's own current profile (its page, the map, "agencies like mine"); each project keeps
# the figures of its own award.
AGENCY_FACTS = [
    "city",
    "state",
    "settlement_type",
    "area_sq_mi",
    "population",
    "latitude",
    "longitude",
    "coordinates_note",
    "agency_type",
]


def _agency_facts(records: list[CleanRecord]) -> dict[str, dict]:
    """One set of facts per agency from all of a file's records about it: for each fact, the
    newest cohort's known value. Every record of the agency then writes the same facts, so the
    order of records never makes an import flip values back and forth."""
    facts: dict[str, dict] = {}
    newest_first = sorted(records, key=lambda r: r.award_year or 0, reverse=True)
    for record in newest_first:
        agency = facts.setdefault(record.agency, {})
        for name in AGENCY_FACTS:
            value = getattr(record, name)
            if value not in (None, "") and name not in agency:
                agency[name] = value
    return facts


@dataclass
class _Plan:
    """What one record will write, worked out before anything is written."""

    position: int
    label: str
    record: CleanRecord
    project: Project  # the one to update (as stored), or a new one (unsaved)
    created: bool
    replaced: bool
    links: dict = field(default_factory=dict)  # relation name: linked records
    outcomes: list = field(default_factory=list)  # a new project's, as written
    external_ratings: list = field(default_factory=list)  # a new project's, as written
    unmapped: dict[str, list[str]] = field(default_factory=dict)  # as Project.unmapped_terms
    previous: str | None = None  # the project's state before the import
    saved: bool = False
    linked: bool = False
    agency_changed: bool = False

    @property
    def result(self) -> str:
        if self.created:
            return "created"
        return "updated" if self.saved or self.linked or self.agency_changed else "unchanged"


class Importer:
    """``origin`` names who writes in the records' history ("import: projects.json"): each
    project and resource created or changed gets a revision, and an audit event when it is
    published, as an editor's save would (a resource once per import, however many of the
    file's projects it gains)."""

    def __init__(
        self,
        *,
        publish: bool = False,
        dry_run: bool = False,
        atomic: bool = False,
        origin: str = "import",
        batch_size: int = BATCH_SIZE,
    ):
        self.publish = publish
        self.dry_run = dry_run
        self.atomic = atomic
        self.origin = origin
        self.batch_size = batch_size
        self.report = ImportReport()

    def run(self, records: list) -> ImportReport:
        self.strategies = Strategy.objects.lookup_table()
        self.crime_problems = CrimeProblem.objects.lookup_table()
        # Resources the import linked or published, with their state before it.
        self.touched_resources: dict[int, str | None] = {}
        self._load()
        try:
            with transaction.atomic():
                self._import_all(records)
                self._record_resource_history()
                if len(self.report.created) + len(self.report.updated) >= ANALYZE_FROM:
                    _refresh_planner_statistics()
                if self.dry_run or (self.atomic and self.report.errors):
                    raise _Rollback
        except _Rollback:
            self.report.rolled_back = True
        return self.report

    def _load(self) -> None:
        """What records are matched against, read once per run rather than once per record (and
        again after a failed batch, whose records were undone)."""
        # People and institutions are matched by normalised name, so "Justice & Security
        # Strategies" and "Justice and Security Strategies, Inc." are one partner.
        self.partners = ResearchPartner.objects.by_key()
        self.researchers = Researcher.objects.by_key()
        self.agencies = {agency.name: agency for agency in Agency.objects.all()}
        self.sources = {source.url: source for source in Source.objects.all()}
        self.resources = {resource.url: resource for resource in Resource.objects.all()}
        self.slugs = {
            model: set(model.objects.values_list("slug", flat=True))
            for model in (Agency, Project, ResearchPartner, Researcher)
        }

    def _import_all(self, records: list) -> None:
        seen: dict[str, int] = {}
        cleaned = []
        for position, raw in enumerate(records, start=1):
            label = self._label(raw)
            try:
                record = clean_record(raw)
                identity = Project.identity_for(record.agency, record.award_year)
                if identity in seen:
                    raise RecordError(
                        "award_year", f"same agency and cohort year as record {seen[identity]}"
                    )
            except RecordError as error:
                self._fail(position, label, error.field, error.reason)
                continue
            seen[identity] = position
            cleaned.append((position, label, identity, record))
        self.agency_facts = _agency_facts([record for _p, _l, _i, record in cleaned])
        for start in range(0, len(cleaned), self.batch_size):
            self._import_batch(cleaned[start : start + self.batch_size])

    def _import_batch(self, items: list) -> None:
        plans = self._plans(items)
        if not plans:
            return
        try:
            with transaction.atomic():
                touched = self._write(plans)
        except (RecordError, ValidationError, DatabaseError) as error:
            # Undone: what the run had looked up may name records that no longer exist.
            self._load()
            if len(items) > 1:
                planned = {plan.position for plan in plans}  # the others are reported already
                for item in items:
                    if item[0] in planned:
                        self._import_batch([item])
                return
            position, label, _identity, _record = items[0]
            if isinstance(error, RecordError):
                self._fail(position, label, error.field, error.reason)
            else:
                reason = "; ".join(getattr(error, "messages", [str(error)]))
                self._fail(position, label, "record", reason)
            return
        for pk, previous in touched.items():
            self.touched_resources.setdefault(pk, previous)
        for plan in plans:
            getattr(self.report, plan.result).append(plan.record.label)
            for stored, terms in plan.unmapped.items():
                for term in terms:
                    self.report.unmapped[(UNMAPPED_KINDS[stored], term)] += 1
            self.report.warnings += [
                f"record {plan.position} ({plan.label}): {w}" for w in plan.record.warnings
            ]

    def _fail(self, position: int, label: str, field_name: str, reason: str) -> None:
        self.report.errors.append(FailedRecord(position, label, field_name, reason))

    @staticmethod
    def _label(raw) -> str:
        if isinstance(raw, dict):
            return f"{raw.get('agency') or 'no agency'} {raw.get('award_year') or ''}".strip()
        return "not an object"

    # Planning: what each record will write, and the checks that can refuse it -------------

    def _plans(self, items: list) -> list[_Plan]:
        stored = (
            Project.objects.filter(identity__in=[identity for _p, _l, identity, _r in items])
            .select_related("agency", *RATING_SOURCES)
            .prefetch_related(
                *LINKS,
                "resources",
                "external_ratings",
                Prefetch("outcomes", queryset=Outcome.objects.order_by("order", "pk")),
            )
        )
        existing = {project.identity: project for project in stored}
        plans = []
        for position, label, identity, record in items:
            try:
                plans.append(self._plan(position, label, record, existing.get(identity)))
            except RecordError as error:
                self._fail(position, label, error.field, error.reason)
        return plans

    def _plan(self, position, label, record: CleanRecord, project) -> _Plan:
        replaced = False
        if project is None and record.replaces:
            project = self._replaced(record)
            replaced = project is not None
        created = project is None
        if created:
            project = Project(cohort_year=record.award_year)
        if self._status(project) == PublicationStatus.PUBLISHED:
            for i, outcome in enumerate(record.outcomes):
                if not outcome.source:
                    raise RecordError(
                        f"outcomes[{i}].source",
                        "a published outcome needs a source, and the record names none",
                    )
        for i, outcome in enumerate(record.outcomes):
            self._measured_problem(i, outcome)
        plan = _Plan(position, label, record, project, created, replaced)
        for key, stored, terms, table in (
            ("strategies", "strategies", record.strategies, self.strategies),
            ("crime_problems", "crime_types", record.crime_types, self.crime_problems),
        ):
            plan.links[key], unknown = self._map_terms(terms, table)
            if unknown:
                plan.unmapped[stored] = list(dict.fromkeys(unknown))
        return plan

    def _status(self, project) -> str:
        return PublicationStatus.PUBLISHED if self.publish else project.status

    def _replaced(self, record: CleanRecord) -> Project | None:
        """The project a record supersedes (renamed to its new identity when it is written)."""
        agency_name, year = record.replaces
        identity = Project.identity_for(agency_name, year)
        projects = Project.objects.select_related("agency", *RATING_SOURCES)
        return projects.filter(identity=identity).first()

    @staticmethod
    def _map_terms(terms, table) -> tuple[list, list[str]]:
        mapped, unknown = [], []
        for term in terms:
            match = table.get(normalize_term(term)) or table.get(
                normalize_term(_PARENTHETICAL.sub("", term))
            )
            if match is None:
                unknown.append(term)
            elif match not in mapped:
                mapped.append(match)
        return mapped, unknown

    # Writing: one batch, in its savepoint ---------------------------------------------------

    def _write(self, plans: list[_Plan]) -> dict[int, str | None]:
        """Write the batch; returns the resources it touched, with their state before."""
        self._create_sources(plans)
        for plan in plans:
            if plan.replaced:
                self._rename_replaced(plan)
        self._write_agencies(plans)
        self._write_people(plans)
        self._write_projects(plans)
        new = [plan for plan in plans if plan.created]
        for name in LINKS:
            link_many(
                Project._meta.get_field(name),
                ((plan.project, obj) for plan in new for obj in plan.links[name]),
            )
        for plan in plans:
            if not plan.created:
                # Every relation is compared, none skipped once one has changed.
                changes = [set_related(getattr(plan.project, n), plan.links[n]) for n in LINKS]
                plan.linked = any(changes)
        self._write_outcomes(plans)
        self._write_external_ratings(plans)
        touched = self._write_resources(plans)
        for plan in plans:
            if plan.linked and not plan.saved and not plan.created:
                # Outcomes and links are part of what an editor edits: changing them makes a
                # new version, so a form opened before the import is refused, not saved over
                # it. (They are written in bulk, which tells nobody; the save is recorded as
                # the project's change.)
                plan.project.save()
        self._record_history(plans)
        self._write_redirects(plans)
        created_in_bulk(Project, [plan.project for plan in new])
        return touched

    def _create_sources(self, plans: list[_Plan]) -> None:
        """Every address the batch cites; one first seen is described from its address (kind,
        publisher) and a report's title, and an editor's description is never overwritten."""
        wanted: dict[str, str] = {}
        for plan in plans:
            record = plan.record
            urls = chain(
                record.sources,
                (outcome.source for outcome in record.outcomes if outcome.source),
                (record.ratings[f"{key}_source"] for key in RATING_KEYS),
            )
            for url in filter(None, urls):
                wanted.setdefault(url, "")
            for title, url in record.reports:
                if not wanted.get(url):
                    wanted[url] = title
        new = []
        for url, title in wanted.items():
            source = self.sources.get(url)
            if source is None:
                source = self.sources[url] = Source(url=url, title=title, **describe_url(url))
                new.append(source)
            elif title and not source.title:
                source.title = title
                source.save(update_fields=["title"])
        Source.objects.bulk_create(new)
        created_in_bulk(Source, new)

    def _rename_replaced(self, plan: _Plan) -> None:
        """A superseding record's project takes its new identity: its agency takes the new
        name when no other agency has it and no other project uses the old one, and its
        address is rebuilt (the old one redirects, see Project.save)."""
        project, record = plan.project, plan.record
        old_agency = project.agency
        if (
            record.agency not in self.agencies
            and not old_agency.projects.exclude(pk=project.pk).exists()
        ):
            self.agencies.pop(old_agency.name, None)
            old_agency.name = record.agency
            old_agency.slug = unique_slug(Agency, record.agency, exclude_pk=old_agency.pk)
            old_agency.save()
            self.agencies[old_agency.name] = old_agency
        project.cohort_year = record.award_year
        project.slug = ""

    def _write_agencies(self, plans: list[_Plan]) -> None:
        new = {}
        for plan in plans:
            name = plan.record.agency
            agency = self.agencies.get(name)
            if agency is None:
                slug = unique_slug(Agency, name, taken=self.slugs[Agency])
                agency = self.agencies[name] = new[name] = Agency(name=name, slug=slug)
            if assign_changed(agency, self.agency_facts[name]) and name not in new:
                agency.full_clean(exclude=["patch"], **WRITE_CHECKS)
                agency.save()
                plan.agency_changed = True
            plan.project.agency = agency
        for agency in new.values():
            agency.full_clean(exclude=["patch"], **WRITE_CHECKS)
        Agency.objects.bulk_create(new.values())
        created_in_bulk(Agency, list(new.values()))

    def _write_people(self, plans: list[_Plan]) -> None:
        """The batch's partners and researchers: matched by normalised name, new ones inserted
        together. A department another record names is added; nothing is replaced."""
        new_partners, new_researchers = {}, {}
        for plan in plans:
            partners = {}
            for text in plan.record.research_partners:
                name, department = partner_name_and_department(text)
                partner = self.partners.get(institution_key(name))
                if partner is None:
                    slug = unique_slug(
                        ResearchPartner, f"{name} {department}", taken=self.slugs[ResearchPartner]
                    )
                    partner = ResearchPartner(name=name, department=department, slug=slug)
                    self.partners[partner.match_key] = new_partners[partner.match_key] = partner
                elif department and not partner.department:
                    partner.department = department
                    if partner.pk:
                        partner.save(update_fields=["department"])
                partners[id(partner)] = partner
            plan.links["research_partners"] = list(partners.values())
            # A person is placed at an institution only where the facts pair them: a record
            # naming several partners does not say which of them each researcher was with.
            only_partner = next(iter(partners.values())) if len(partners) == 1 else None
            researchers = {}
            for name in plan.record.researchers:
                researcher = self.researchers.get(person_key(name))
                if researcher is None:
                    slug = unique_slug(Researcher, name, taken=self.slugs[Researcher])
                    researcher = Researcher(name=name, slug=slug, partner=only_partner)
                    self.researchers[researcher.match_key] = researcher
                    new_researchers[researcher.match_key] = researcher
                researchers[id(researcher)] = researcher
            plan.links["researchers"] = list(researchers.values())
            urls = dict.fromkeys(plan.record.sources)
            plan.links["sources"] = [self.sources[url] for url in urls]
        # Their fields as the database would check them (a name too long fails the batch on
        # PostgreSQL and is stored cut short by nothing on SQLite); uniqueness is matched above.
        for person in chain(new_partners.values(), new_researchers.values()):
            person.clean_fields(exclude=["slug", "partner"])
        ResearchPartner.objects.bulk_create(new_partners.values())
        Researcher.objects.bulk_create(new_researchers.values())
        created_in_bulk(ResearchPartner, list(new_partners.values()))
        created_in_bulk(Researcher, list(new_researchers.values()))

    def _write_projects(self, plans: list[_Plan]) -> None:
        new = []
        for plan in plans:
            project, record = plan.project, plan.record
            values = {name: getattr(record, name) for name in PROJECT_FIELDS}
            if record.notes is None:
                values.pop("notes")
            values |= record.sections | {
                "status": self._status(project),
                "unmapped_terms": plan.unmapped,
                "source_summary": record.source_summary,
                "source_terms": {
                    "strategies": record.strategies,
                    "crime_types": record.crime_types,
                },
            }
            for key in RATING_KEYS:
                url = record.ratings[f"{key}_source"]
                values[f"{key}_rationale"] = record.ratings[f"{key}_rationale"]
                values[f"{key}_source"] = self.sources[url] if url else None
            plan.previous = None if plan.created else project.status
            plan.saved = assign_changed(project, values) or plan.created or plan.replaced
            if not plan.saved:
                continue
            project.full_clean(
                exclude=["slug", "identity", "agency", *RATING_SOURCES], **WRITE_CHECKS
            )
            if plan.created:
                new.append(project)
            else:
                project.save()
                self.slugs[Project].add(project.slug)
        Project.objects.create_many(new, taken_slugs=self.slugs[Project])

    def _write_outcomes(self, plans: list[_Plan]) -> None:
        new = []
        for plan in plans:
            wanted = [
                self._outcome(plan.project, order, o)
                for order, o in enumerate(plan.record.outcomes)
            ]
            if plan.created:
                plan.outcomes = wanted
                new += wanted
                continue
            existing = list(plan.project.outcomes.all())
            if [_outcome_key(o) for o in existing] == [_outcome_key(o) for o in wanted]:
                continue
            plan.project.outcomes.all().delete()
            new += wanted
            plan.linked = True
        for outcome in new:
            outcome.full_clean(exclude=["project", "source"], **WRITE_CHECKS)
        Outcome.objects.bulk_create(new)

    def _write_external_ratings(self, plans: list[_Plan]) -> None:
        new = []
        for plan in plans:
            wanted = [
                ExternalRating(project=plan.project, order=order, **asdict(rating))
                for order, rating in enumerate(plan.record.external_ratings)
            ]
            if not plan.created:
                existing = list(plan.project.external_ratings.all())
                if [_row(r, EXTERNAL_RATING_FIELDS) for r in existing] == [
                    _row(r, EXTERNAL_RATING_FIELDS) for r in wanted
                ]:
                    continue
                plan.project.external_ratings.all().delete()
                plan.linked = True
            else:
                plan.external_ratings = wanted
            new += wanted
        for rating in new:
            rating.full_clean(exclude=["project"], **WRITE_CHECKS)
        ExternalRating.objects.bulk_create(new)

    def _measured_problem(self, position: int, clean) -> CrimeProblem | None:
        """The crime problem an outcome measures: as the record names it, else, for a crime or
        disorder figure, the problem its measure names exactly ("robbery", "violent crime");
        a measure that names none ("calls for service") measures none, the weaker reading."""
        if not clean.crime_problem:
            if clean.category not in CRIME_CATEGORIES:
                return None
            found, _unknown = self._map_terms([clean.measure], self.crime_problems)
            return found[0] if found else None
        problem = self.crime_problems.get(normalize_term(clean.crime_problem))
        if problem is None:
            raise RecordError(
                f"outcomes[{position}].crime_problem",
                f"{clean.crime_problem!r} is no crime problem of the taxonomy",
            )
        return problem

    def _outcome(self, project, order: int, clean) -> Outcome:
        return Outcome(
            crime_problem=self._measured_problem(order, clean),
            project=project,
            measure=clean.measure,
            category=clean.category,
            unit=clean.unit,
            value=clean.value,
            direction=clean.direction or "",
            significance=clean.significance,
            ci_low=clean.ci_low,
            ci_high=clean.ci_high,
            comparison=clean.comparison,
            time_window=clean.time_window,
            place_unit=clean.place_unit,
            note=clean.note,
            source=self.sources[clean.source] if clean.source else None,
            source_page=clean.source_page,
            result_key=clean.result_key or Outcome.key_for(clean.measure),
            is_headline=clean.is_headline,
            order=order,
        )

    def _write_resources(self, plans: list[_Plan]) -> dict[int, str | None]:
        """The reports the records name, as resources linked to their projects (published with
        them); returns those touched, with their state before."""
        new, links, touched = {}, [], {}
        for plan in plans:
            status = plan.project.status
            linked = set() if plan.created else {r.pk for r in plan.project.resources.all()}
            for title, url in plan.record.reports:
                resource = self.resources.get(url)
                if resource is None:
                    kind = Resource.kind_for_title(title)
                    resource = Resource(title=title, url=url, kind=kind, status=status)
                    self.resources[url] = new[url] = resource
                    touched[url] = None
                elif status == PublicationStatus.PUBLISHED and resource.status != status:
                    touched.setdefault(url, resource.status)
                    resource.status = status
                    if resource.pk:
                        resource.save()
                if plan.created or resource.pk is None or resource.pk not in linked:
                    links.append((resource, plan.project))
                    touched.setdefault(url, resource.status)
                    plan.linked |= not plan.created
        for resource in new.values():
            resource.stamp_first_publication()
        Resource.objects.bulk_create(new.values())
        link_many(Resource._meta.get_field("projects"), links)
        created_in_bulk(Resource, list(new.values()))
        return {self.resources[url].pk: previous for url, previous in touched.items()}

    def _record_history(self, plans: list[_Plan]) -> None:
        """A revision of each project written. New ones are in hand with their agency,
        sources and outcomes, and need only their links read back (in the order an editor's
        later revision will read them); changed ones are read back whole (the links they were
        fetched with may have changed since)."""
        written = [plan for plan in plans if plan.saved or plan.linked]
        previous = {plan.project.pk: plan.previous for plan in written}
        new = [plan for plan in written if plan.created]
        projects = [plan.project for plan in new]
        related = Project.links_of(projects, [f.name for f in Project._meta.many_to_many])
        for plan in new:
            related[plan.project.pk]["outcomes"] = plan.outcomes
            related[plan.project.pk]["external_ratings"] = plan.external_ratings
        changed = Project.objects.filter(
            pk__in=[plan.project.pk for plan in written if not plan.created]
        ).for_history()
        record_changes(
            [(project, previous[project.pk]) for project in chain(projects, changed)],
            note="Imported",
            origin=self.origin,
            related=related,
        )

    def _record_resource_history(self) -> None:
        """One revision per resource the import touched, holding all the projects it gained."""
        resources = (
            Resource.objects.filter(pk__in=self.touched_resources)
            .prefetch_related(Prefetch("projects", Project.objects.select_related("agency")))
            .order_by("pk")
        )
        record_changes(
            [(resource, self.touched_resources[resource.pk]) for resource in resources],
            note="Imported",
            origin=self.origin,
        )

    def _write_redirects(self, plans: list[_Plan]) -> None:
        """smart-policing.com spells the state out (/spi-sites/glendale-arizona-2009): that
        address keeps working as a redirect to the project's own. So does the address a
        superseded record had, or would have had on a site that never held it."""
        redirects = []
        for plan in plans:
            project, record = plan.project, plan.record
            old = []
            if record.city and record.award_year:
                old.append(f"{record.city}-{US_STATES[record.state]}-{record.award_year}")
            if record.replaces:
                old.append(
                    Project.slug_base(
                        record.city or record.replaces[0], record.state, record.replaces[1]
                    )
                )
            for slug in map(slugify, old):
                if slug != project.slug and slug not in self.slugs[Project]:
                    redirects.append(SlugRedirect(old_slug=slug, project=project))
        # An address already redirecting keeps its project.
        SlugRedirect.objects.bulk_create(redirects, ignore_conflicts=True)


def _refresh_planner_statistics() -> None:
    """Let the query planner see the data as it now is. SQLite keeps no statistics until asked:
    without them it reads "this agency's published projects" through the status index, every
    published project for every agency, which at ten thousand projects turns the index update
    that follows the commit (and the agency pages) from seconds into minutes. PostgreSQL's own
    autovacuum would catch up, but only some time after a large import. Runs in the import's
    transaction, so the index update after the commit is planned with them too."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _row(record, names: list[str]) -> tuple:
    return tuple(getattr(record, name) for name in names)


def _outcome_key(outcome: Outcome) -> tuple:
    # Decimals compare by value, so -17 read from the file equals -17.000 from the database.
    return _row(outcome, OUTCOME_FIELDS)
