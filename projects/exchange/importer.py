"""Import exchange-format records into the portal, idempotently.

A project's identity is its agency and cohort year, so importing the same file twice changes
nothing and a changed file updates records in place. Each record is written in its own savepoint:
a record that fails leaves nothing half-written behind, and the good records of the file are
still imported (unless ``atomic`` asks for all or nothing).
"""

import re
from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils.text import slugify

from projects.editorial.workflow import record_change
from projects.models import (
    Agency,
    CrimeProblem,
    Outcome,
    Project,
    PublicationStatus,
    Researcher,
    ResearchPartner,
    Resource,
    SlugRedirect,
    Source,
    Strategy,
    describe_url,
    institution_key,
    normalize_term,
    person_key,
)
from projects.models.slugs import unique_slug
from projects.states import US_STATES

from .changes import assign_changed, link_new, set_related
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
    "sms_level",
    "caveats",
    "notes",
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
]


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


class Importer:
    """``origin`` names who writes in the records' history ("import: projects.json"): each
    project and resource created or changed gets a revision, and an audit event when it is
    published, as an editor's save would."""

    def __init__(
        self,
        *,
        publish: bool = False,
        dry_run: bool = False,
        atomic: bool = False,
        origin: str = "import",
    ):
        self.publish = publish
        self.dry_run = dry_run
        self.atomic = atomic
        self.origin = origin
        self.report = ImportReport()

    def run(self, records: list) -> ImportReport:
        self.strategies = Strategy.objects.lookup_table()
        self.crime_problems = CrimeProblem.objects.lookup_table()
        # People and institutions are matched by normalised name, so "Justice & Security
        # Strategies" and "Justice and Security Strategies, Inc." are one partner.
        self.partners = ResearchPartner.objects.by_key()
        self.researchers = Researcher.objects.by_key()
        # Records already in the database, looked up once per run rather than once per record.
        self.agencies = {agency.name: agency for agency in Agency.objects.all()}
        self.sources = {source.url: source for source in Source.objects.all()}
        self.resources = {resource.url: resource for resource in Resource.objects.all()}
        try:
            with transaction.atomic():
                self._import_all(records)
                if self.dry_run or (self.atomic and self.report.errors):
                    raise _Rollback
        except _Rollback:
            self.report.rolled_back = True
        return self.report

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
                self.report.errors.append(FailedRecord(position, label, error.field, error.reason))
                continue
            seen[identity] = position
            cleaned.append((position, label, identity, record))
        self.agency_facts = _agency_facts([record for _p, _l, _i, record in cleaned])
        for position, label, identity, record in cleaned:
            try:
                with transaction.atomic():
                    outcome = self._write(record, identity)
            except RecordError as error:
                self.report.errors.append(FailedRecord(position, label, error.field, error.reason))
                continue
            except (ValidationError, DatabaseError) as error:
                reason = "; ".join(getattr(error, "messages", [str(error)]))
                self.report.errors.append(FailedRecord(position, label, "record", reason))
                continue
            getattr(self.report, outcome).append(record.label)
            self.report.warnings += [f"record {position} ({label}): {w}" for w in record.warnings]

    @staticmethod
    def _label(raw) -> str:
        if isinstance(raw, dict):
            return f"{raw.get('agency') or 'no agency'} {raw.get('award_year') or ''}".strip()
        return "not an object"

    # Writing -----------------------------------------------------------------------------

    def _write(self, record: CleanRecord, identity: str) -> str:
        project = Project.objects.filter(identity=identity).first()
        replaced = False
        if project is None and record.replaces:
            project = self._replaced(record)
            replaced = project is not None
        agency, agency_changed = self._agency(record)
        created = project is None
        if created:
            project = Project(agency=agency, cohort_year=record.award_year)
        previous = None if created else project.status
        status = project.status
        if self.publish:
            status = PublicationStatus.PUBLISHED
        if status == PublicationStatus.PUBLISHED:
            for i, outcome in enumerate(record.outcomes):
                if not outcome.source:
                    raise RecordError(
                        f"outcomes[{i}].source",
                        "a published outcome needs a source, and the record names none",
                    )
        strategies = self._map_terms(record.strategies, self.strategies, "strategy")
        crime_problems = self._map_terms(record.crime_types, self.crime_problems, "crime type")
        unmapped = {
            key: terms
            for key, terms in (("strategies", strategies[1]), ("crime_types", crime_problems[1]))
            if terms
        }
        values = {name: getattr(record, name) for name in PROJECT_FIELDS}
        values |= record.sections | {"status": status, "unmapped_terms": unmapped, "agency": agency}
        for key in RATING_KEYS:
            url = record.ratings[f"{key}_source"]
            values[f"{key}_rationale"] = record.ratings[f"{key}_rationale"]
            values[f"{key}_source"] = source_for(url) if url else None
        saved = assign_changed(project, values) or created or replaced
        if saved:
            project.full_clean(exclude=["slug", "identity"], **WRITE_CHECKS)
            project.save()

        linked = self._set_related(project, record, strategies[0], crime_problems[0], created)
        linked |= self._set_outcomes(project, record, created)
        linked |= self._set_resources(project, record, status, created)
        if linked and not saved:
            # Outcomes and links are part of what an editor edits: changing them makes a new
            # version, so a form opened before the import is refused, not saved over it. (They
            # are written in bulk, which tells nobody; the save also tells the search index and
            # the page cache.)
            project.save()
        if saved or linked:
            record_change(project, previous, note="Imported", origin=self.origin)
        self._legacy_redirect(project, record)
        if record.replaces:
            self._replaced_redirect(project, record)
        if created:
            return "created"
        return "updated" if saved or linked or agency_changed else "unchanged"

    def _replaced(self, record: CleanRecord) -> Project | None:
        """The project a record supersedes, renamed to its new identity: its agency takes the
        new name when no other agency has it and no other project uses the old one, and its
        address is rebuilt (the old one redirects, see Project.save)."""
        agency_name, year = record.replaces
        project = Project.objects.filter(identity=Project.identity_for(agency_name, year)).first()
        if project is None:
            return None
        old_agency = project.agency
        if (
            not Agency.objects.filter(name=record.agency).exists()
            and not old_agency.projects.exclude(pk=project.pk).exists()
        ):
            self.agencies.pop(old_agency.name, None)
            old_agency.name = record.agency
            old_agency.slug = unique_slug(Agency, record.agency, exclude_pk=old_agency.pk)
            old_agency.save()
            self.agencies[old_agency.name] = old_agency
        project.cohort_year = record.award_year
        project.slug = ""
        return project

    def _agency(self, record: CleanRecord) -> tuple[Agency, bool]:
        agency = self.agencies.get(record.agency)
        created = agency is None
        if created:
            agency = Agency(name=record.agency, slug=unique_slug(Agency, record.agency))
        changed = assign_changed(agency, self.agency_facts[record.agency])
        if created or changed:
            agency.full_clean(exclude=["patch"], **WRITE_CHECKS)
            agency.save()
            self.agencies[agency.name] = agency
        return agency, changed and not created

    def _source(self, url: str, title: str = "") -> Source:
        source = self.sources.get(url)
        if source is None or (title and not source.title):
            source = self.sources[url] = source_for(url, title)
        return source

    def _map_terms(self, terms, table, kind) -> tuple[list, list[str]]:
        mapped, unknown = [], []
        for term in terms:
            match = table.get(normalize_term(term)) or table.get(
                normalize_term(_PARENTHETICAL.sub("", term))
            )
            if match is None:
                unknown.append(term)
                self.report.unmapped[(kind, term)] += 1
            elif match not in mapped:
                mapped.append(match)
        return mapped, unknown

    def _partner(self, text: str) -> ResearchPartner:
        name, department = partner_name_and_department(text)
        partner = self.partners.get(institution_key(name))
        if partner is None:
            partner = ResearchPartner.objects.create(
                name=name,
                department=department,
                slug=unique_slug(ResearchPartner, f"{name} {department}"),
            )
            self.partners[partner.match_key] = partner
        elif department and not partner.department:
            # Another record names the department: what is known grows, nothing is replaced.
            partner.department = department
            partner.save(update_fields=["department"])
        return partner

    def _researcher(self, name: str, partner: ResearchPartner | None) -> Researcher:
        researcher = self.researchers.get(person_key(name))
        if researcher is None:
            researcher = Researcher.objects.create(
                name=name, slug=unique_slug(Researcher, name), partner=partner
            )
            self.researchers[researcher.match_key] = researcher
        return researcher

    def _set_related(self, project, record, strategies, crime_problems, created) -> bool:
        partners = list({p.pk: p for p in map(self._partner, record.research_partners)}.values())
        first_partner = partners[0] if partners else None
        researchers = [self._researcher(name, first_partner) for name in record.researchers]
        sources = list({s.pk: s for s in map(self._source, record.sources)}.values())
        link = link_new if created else set_related
        # Every relation is compared, none skipped once one has changed.
        return any(
            [
                link(project.strategies, strategies),
                link(project.crime_problems, crime_problems),
                link(project.research_partners, partners),
                link(project.researchers, list({r.pk: r for r in researchers}.values())),
                link(project.sources, sources),
            ]
        )

    def _set_outcomes(self, project, record, project_created) -> bool:
        wanted = []
        for order, clean in enumerate(record.outcomes):
            outcome = Outcome(
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
                source=self._source(clean.source) if clean.source else None,
                source_page=clean.source_page,
                result_key=clean.result_key or Outcome.key_for(clean.measure),
                is_headline=clean.is_headline,
                order=order,
            )
            wanted.append(outcome)
        existing = [] if project_created else list(project.outcomes.order_by("order", "pk"))

        def key(outcome):
            # Decimals compare by value, so -17 read from the file equals -17.000 from the database.
            return tuple(getattr(outcome, name) for name in OUTCOME_FIELDS)

        if [key(o) for o in existing] == [key(o) for o in wanted]:
            return False
        project.outcomes.all().delete()
        for outcome in wanted:
            outcome.full_clean(exclude=["project"], **WRITE_CHECKS)
        Outcome.objects.bulk_create(wanted)
        return True

    def _set_resources(self, project, record, status, created) -> bool:
        changed = False
        for title, url in record.reports:
            self._source(url, title)
            resource = self.resources.get(url)
            previous = resource.status if resource else None
            if resource is None:
                resource = self.resources[url] = Resource.objects.create(
                    title=title, url=url, kind=Resource.kind_for_title(title), status=status
                )
            elif status == PublicationStatus.PUBLISHED and resource.status != status:
                resource.status = status
                resource.save()
            written = resource.status != previous
            if created or not resource.projects.filter(pk=project.pk).exists():
                resource.projects.add(project)
                written = True
            if written:
                record_change(resource, previous, note="Imported", origin=self.origin)
            changed |= written
        return changed

    @staticmethod
    def _replaced_redirect(project, record) -> None:
        """The address the superseded record had, or would have had on a site that never held
        it, leads to the project too."""
        old = Project.slug_base(record.city or record.replaces[0], record.state, record.replaces[1])
        if old != project.slug and not Project.objects.filter(slug=old).exists():
            SlugRedirect.objects.get_or_create(old_slug=old, defaults={"project": project})

    @staticmethod
    def _legacy_redirect(project, record) -> None:
        """smart-policing.com spells the state out (/spi-sites/glendale-arizona-2009); keep that
        address working as a redirect to the project's own."""
        if not record.city or not record.award_year:
            return
        legacy = slugify(f"{record.city}-{US_STATES[record.state]}-{record.award_year}")
        if legacy != project.slug and not Project.objects.filter(slug=legacy).exists():
            SlugRedirect.objects.get_or_create(old_slug=legacy, defaults={"project": project})
