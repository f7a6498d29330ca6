import json
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from lessons.loading import load_core_practices, load_lessons
from projects.exchange.files import read_records
from projects.exchange.importer import Importer
from projects.exchange.sources import load_sources
from projects.exchange.taxonomy import load_reader_phrases, load_taxonomy
from projects.exchange.validation import RATING_KEYS
from projects.models import Project
from projects.people import merge_same_names

FIXTURES = settings.BASE_DIR / "fixtures"
# How the records' history names this command's writes.
ORIGIN = "load_portal_data"


def _read_json(path: Path):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise CommandError(f"{path}: {error}") from None


# What the case studies add to the facts: the portal's own writing and ratings (each rating
# with its reason and source), never a fact such as a title.
PORTAL_KEYS = (
    "case_study", "headline", "caveats", "design", "design_planned", "sms_level", "matrix_target",
    "specificity", "proactivity", "stage", "agency_type", "featured", "replaces",
    *(f"{rating}_{part}" for rating in RATING_KEYS for part in ("rationale", "source")),
)  # fmt: skip


def merge_case_studies(records: list[dict], case_studies: list[dict]) -> list[dict]:
    """Lay the portal's own case-study writing over the facts, matched by agency and year."""
    by_identity = {(c["agency"], c.get("award_year")): c for c in case_studies}
    merged = []
    for record in records:
        study = by_identity.pop((record.get("agency"), record.get("award_year")), None)
        if study is None:
            merged.append(record)
            continue
        record = dict(record)
        for key in PORTAL_KEYS:
            if key in study:
                record[key] = study[key]
        enrichments = study.get("outcomes", [])
        outcomes = []
        for outcome in record.get("outcomes", []):
            extra = next((e for e in enrichments if e.get("measure") == outcome["measure"]), {})
            outcomes.append({**outcome, **{k: v for k, v in extra.items() if k != "measure"}})
        record["outcomes"] = outcomes
        merged.append(record)
    if by_identity:
        raise CommandError(f"case studies match no project: {sorted(map(str, by_identity))}")
    return merged


class Command(BaseCommand):
    help = (
        "Load the portal's content from fixtures/ (taxonomy, the SPI projects with their case "
        "studies, lessons learned), publish it, and rebuild the search index."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="do nothing when projects already exist, so editors' work is never overwritten",
        )
        parser.add_argument("--no-index", action="store_true", help="skip rebuilding the index")

    def handle(self, *args, if_empty, no_index, **options):
        if if_empty and Project.objects.exists():
            self.stdout.write("Projects already exist; leaving the data as it is.")
            return
        taxonomy = _read_json(FIXTURES / "taxonomy.json")
        case_studies = []
        for path in sorted((FIXTURES / "case_studies").glob("*.json")):
            case_studies += _read_json(path)
        records = merge_case_studies(read_records(FIXTURES / "spi_projects.json"), case_studies)
        with transaction.atomic():
            terms = load_taxonomy(taxonomy)
            phrases = load_reader_phrases(_read_json(FIXTURES / "reader_phrases.json"))
            sources = load_sources(_read_json(FIXTURES / "sources.json"))
            # A database loaded before names were matched may hold one partner twice.
            merged = merge_same_names()
            practices = load_core_practices(taxonomy.get("core_practices", []))
            report = Importer(publish=True, atomic=True, origin=f"{ORIGIN}: case studies").run(
                records
            )
            if report.errors:
                raise CommandError("\n".join(str(e) for e in report.errors))
            lessons = load_lessons(
                _read_json(FIXTURES / "lessons.json"), publish=True, origin=f"{ORIGIN}: lessons"
            )
        for (kind, term), count in sorted(report.unmapped.items()):
            self.stdout.write(self.style.WARNING(f"unmapped {kind}: {term!r} ({count})"))
        self.stdout.write(
            f"Taxonomy: {terms['strategies']} strategies and {terms['crime problems']} crime "
            f"problems changed; {phrases} reader phrases added; {practices} core practices; "
            f"{sources} sources described."
        )
        self.stdout.write(f"Projects: {report.summary()}. Lessons: {lessons}.")
        for old, new in merged:
            self.stdout.write(f"Merged “{old}” into “{new}” (the same name).")
        if not no_index:
            call_command("rebuild_index", clear=True, verbosity=options["verbosity"])
        self.stdout.write(self.style.SUCCESS("Portal data loaded."))
