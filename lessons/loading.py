"""Load curated lessons and core practices (fixtures/lessons.json, fixtures/taxonomy.json)."""

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError

from editorial.models import PublicationStatus
from editorial.workflow import record_change
from projects.exchange.changes import assign_changed, set_related, upsert
from projects.exchange.importer import source_for
from projects.models import CrimeProblem, Project, Strategy

from .models import CorePractice, Evidence, Lesson


def load_core_practices(practices: list[dict]) -> int:
    for practice in practices:
        upsert(
            CorePractice,
            {"slug": practice["slug"]},
            {
                "name": practice["name"],
                "description": practice.get("description", ""),
                "order": practice.get("order", 0),
            },
        )
    return len(practices)


def _lookup(model, names: list[str], lesson: str, kind: str) -> list:
    found = list(model.objects.filter(name__in=names))
    missing = set(names) - {obj.name for obj in found}
    if missing:
        raise CommandError(f"lesson {lesson!r}: unknown {kind}: {', '.join(sorted(missing))}")
    return found


def load_lessons(records: list[dict], *, publish: bool, origin: str = "load lessons") -> int:
    """Create or update lessons by slug, tied to their projects (by agency and cohort year),
    strategies, crime problems and source. A reference that does not resolve is an error: a
    lesson must never lose the evidence it stands on. Each lesson created or changed gets a
    revision by ``origin`` (and an audit event when it is published)."""
    practices = {p.slug: p for p in CorePractice.objects.all()}
    for record in records:
        slug = record["slug"]
        practice = practices.get(record["core_practice"])
        if practice is None:
            raise CommandError(
                f"lesson {slug!r}: unknown core practice {record['core_practice']!r}"
            )
        if record.get("evidence", "") not in ("", *Evidence.values):
            raise CommandError(f"lesson {slug!r}: unknown evidence {record['evidence']!r}")
        identities = [
            Project.identity_for(p["agency"], p.get("award_year"))
            for p in record.get("projects", [])
        ]
        projects = list(Project.objects.filter(identity__in=identities))
        if len(projects) != len(set(identities)):
            missing = set(identities) - {p.identity for p in projects}
            raise CommandError(f"lesson {slug!r}: unknown projects {sorted(missing)}")
        source = None
        if record.get("source"):
            source = source_for(record["source"]["url"], record["source"].get("title", ""))
        values = {
            "title": record["title"],
            "core_practice": practice,
            "audiences": record.get("audiences", []),
            "summary": record["summary"],
            "body": record.get("body", ""),
            "source": source,
            # Empty: the rule decides (Lesson.evidence_level); editors may only weaken it.
            "evidence": record.get("evidence", ""),
        }
        if publish:
            values["status"] = PublicationStatus.PUBLISHED
        lesson = Lesson.objects.filter(slug=slug).first()
        previous = lesson.status if lesson else None
        saved = assign_changed(lesson, values) if lesson else True
        if saved:
            lesson = lesson or Lesson(slug=slug, **values)
            try:
                lesson.full_clean()
            except ValidationError as error:
                raise CommandError(f"lesson {slug!r}: {'; '.join(error.messages)}") from None
            lesson.save()
        strategies = _lookup(Strategy, record.get("strategies", []), slug, "strategies")
        problems = _lookup(CrimeProblem, record.get("crime_problems", []), slug, "crime problems")
        # Every relation is compared, none skipped once one has changed.
        linked = any(
            [
                set_related(lesson.projects, projects),
                set_related(lesson.strategies, strategies),
                set_related(lesson.crime_problems, problems),
            ]
        )
        if linked and not saved:
            lesson.save()  # a new version: see the importer
        if saved or linked:
            record_change(lesson, previous, note="Loaded", origin=origin)
    return len(records)
