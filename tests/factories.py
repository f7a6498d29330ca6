"""Plain factory functions for tests: each makes one valid record, and keyword arguments override
any field (``make_project(status="draft")``)."""

from importlib import import_module
from itertools import count

from editorial.models import PublicationStatus
from lessons.models import CorePractice, Lesson
from projects.models import (
    Agency,
    CrimeProblem,
    Outcome,
    Project,
    ResearchPartner,
    Source,
    Strategy,
)

_serial = count(1)


def _n() -> int:
    return next(_serial)


def make_agency(**kwargs) -> Agency:
    n = _n()
    fields = {
        "name": f"Test City {n} Police Department",
        "slug": f"test-city-{n}-pd",
        "city": f"Test City {n}",
        "state": "AZ",
        "population": 250_000,
        "latitude": 33.45,
        "longitude": -112.07,
    }
    return Agency.objects.create(**fields | kwargs)


def make_source(**kwargs) -> Source:
    return Source.objects.create(**{"url": f"https://example.org/source/{_n()}"} | kwargs)


def make_strategy(**kwargs) -> Strategy:
    n = _n()
    return Strategy.objects.create(**{"name": f"Strategy {n}", "slug": f"strategy-{n}"} | kwargs)


def make_crime_problem(**kwargs) -> CrimeProblem:
    n = _n()
    fields = {"name": f"Crime problem {n}", "slug": f"crime-problem-{n}"}
    return CrimeProblem.objects.create(**fields | kwargs)


def make_partner(**kwargs) -> ResearchPartner:
    n = _n()
    fields = {"name": f"University {n}", "slug": f"university-{n}"}
    return ResearchPartner.objects.create(**fields | kwargs)


def make_project(*, strategies=(), crime_problems=(), sources=None, **kwargs) -> Project:
    """A published project with a source and a described response; pass status="draft" for a
    draft, response="" (and no outcome) for a record whose profile is incomplete."""
    fields = {
        "title": f"Test project {_n()}",
        "cohort_year": 2011,
        "status": PublicationStatus.PUBLISHED,
        "summary": "What was tried and found.",
        "response": "What the agency did.",
    }
    fields |= kwargs
    if "agency" not in fields:
        fields["agency"] = make_agency()
    project = Project.objects.create(**fields)
    project.sources.set(sources if sources is not None else [make_source()])
    project.strategies.set(strategies)
    project.crime_problems.set(crime_problems)
    return project


def make_outcome(project: Project, **kwargs) -> Outcome:
    fields = {
        "project": project,
        "measure": "violent crime",
        "value": -17,
        "significance": "significant",
        "source": project.sources.first(),
    }
    return Outcome.objects.create(**fields | kwargs)


def make_core_practice(**kwargs) -> CorePractice:
    n = _n()
    fields = {"name": f"Core practice {n}", "slug": f"core-practice-{n}", "order": n}
    return CorePractice.objects.create(**fields | kwargs)


def make_lesson(*, projects=(), **kwargs) -> Lesson:
    n = _n()
    fields = {
        "title": f"Lesson {n}",
        "slug": f"lesson-{n}",
        "summary": "What to take away.",
        "status": PublicationStatus.PUBLISHED,
    }
    fields |= kwargs
    if "core_practice" not in fields:
        fields["core_practice"] = make_core_practice()
    lesson = Lesson.objects.create(**fields)
    lesson.projects.set(projects)
    return lesson


def make_staff(role: str | None = None, **kwargs):
    """A staff user in the Editor or Publisher group, or in none. The groups come from a data
    migration; a transactional test's flush removes them, so they are made again when missing."""
    from django.apps import apps
    from django.contrib.auth.models import Group, User

    if role and not Group.objects.filter(name=role).exists():
        roles = import_module("projects.migrations.0003_editor_and_publisher_groups")
        roles.create_groups(apps, None)
        import_module("projects.migrations.0006_curate_taxonomy_permission").grant(apps, None)
        import_module(
            "projects.migrations.0015_editors_write_external_ratings"
        ).grant_external_ratings(apps, None)
        import_module("projects.migrations.0016_reader_phrases").grant_reader_phrases(apps, None)
        # The audit log's permission was made on its old app's content type: moved, as the
        # migrations move it, so a Publisher reads the log after a flush too.
        import_module("editorial.migrations.0002_content_types").forwards(apps, None)

    n = _n()
    user = User.objects.create_user(
        **{"username": f"{(role or 'staff').lower()}{n}", "password": "pw", "is_staff": True}
        | kwargs
    )
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


def make_complete_project(**kwargs) -> Project:
    """A project that passes every publish check, in the state given (draft by default)."""
    fields = {
        "status": PublicationStatus.DRAFT,
        "problem": "Gun violence concentrated in a few blocks.",
        "response": "Hot spots patrols and focused deterrence.",
        "findings": "Violent crime fell against matched areas.",
    }
    project = make_project(**fields | kwargs)
    make_outcome(project)
    return project
