"""Load curated lessons and core practices (fixtures/lessons.json, fixtures/taxonomy.json)."""

from django.core.management.base import CommandError

from projects.exchange.changes import set_related, upsert
from projects.exchange.importer import source_for
from projects.models import CrimeProblem, Project, PublicationStatus, Strategy

from .models import Audience, CorePractice, Lesson


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


def load_lessons(records: list[dict], *, publish: bool) -> int:
    """Create or update lessons by slug, tied to their projects (by agency and cohort year),
    strategies, crime problems and source. A reference that does not resolve is an error: a
    lesson must never lose the evidence it stands on."""
    practices = {p.slug: p for p in CorePractice.objects.all()}
    for record in records:
        slug = record["slug"]
        practice = practices.get(record["core_practice"])
        if practice is None:
            raise CommandError(
                f"lesson {slug!r}: unknown core practice {record['core_practice']!r}"
            )
        bad_audiences = set(record.get("audiences", [])) - set(Audience.values)
        if bad_audiences:
            raise CommandError(f"lesson {slug!r}: unknown audiences {sorted(bad_audiences)}")
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
        }
        if publish:
            values["status"] = PublicationStatus.PUBLISHED
        lesson, _changed = upsert(Lesson, {"slug": slug}, values)
        set_related(lesson.projects, projects)
        set_related(
            lesson.strategies, _lookup(Strategy, record.get("strategies", []), slug, "strategies")
        )
        set_related(
            lesson.crime_problems,
            _lookup(CrimeProblem, record.get("crime_problems", []), slug, "crime problems"),
        )
    return len(records)
