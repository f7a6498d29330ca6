"""The rating table (``projects.rating_table``), kept between requests under the content
version, always equals the ratings worked out afresh from the database: after every committed
edit of a random sequence (publishing, unpublishing, outcomes changed, added and deleted, designs
changed, a revision restored, an import), the counts the pages show from it equal a fresh count
by the rule, one project at a time. Edits here commit (``transaction=True``), so the table is
really kept and really must move on; inside a transaction it is never kept."""

import json
import random
from collections import Counter

import pytest
from django.core.management import call_command
from django.db import transaction

from editorial.models import PublicationStatus
from editorial.revisions import record_revision, restore, revisions_of
from projects import rating_table
from projects.evidence import summarise
from projects.filters import ProjectFilter
from projects.models import Outcome, Project
from projects.ratings import Rating, design_strength, rate
from projects.views.common import published_projects
from tests.factories import make_crime_problem, make_outcome, make_project, make_strategy

pytestmark = pytest.mark.django_db(transaction=True)


def fresh_counts(problem=None) -> tuple[Counter, int]:
    """The published projects' ratings (on ``problem`` when given) and how many have a
    comparison design, by the rule, one project at a time."""
    slug = problem.slug if problem else None
    projects = list(published_projects().with_cards())
    if problem is not None:
        listed = set(ProjectFilter({"problem": slug}).qs.values_list("pk", flat=True))
        projects = [p for p in projects if p.pk in listed]
    ratings = Counter(rate(p, problem=slug).rating for p in projects)
    return ratings, sum(design_strength(p).comparison for p in projects)


def shown_counts(problem=None) -> tuple[Counter, int]:
    """What the pages count, from the kept table."""
    selection = published_projects()
    if problem is not None:
        selection = ProjectFilter({"problem": problem.slug}, queryset=selection).qs
    summary = summarise(selection, problem)
    return Counter({r: n for r, n in summary.ratings.items() if n}), summary.comparison


def edit(rng: random.Random, problem, tmp_path, step: int) -> str:
    projects = list(Project.objects.order_by("pk"))
    project = rng.choice(projects)
    action = rng.choice(
        ["publish", "unpublish", "significance", "add", "delete", "design", "restore", "import"]
    )
    with transaction.atomic():
        if action == "publish":
            project.status = PublicationStatus.PUBLISHED
            project.save()
        elif action == "unpublish":
            project.status = PublicationStatus.UNPUBLISHED
            project.save()
        elif action == "significance" and (outcome := project.outcomes.first()):
            outcome.significance = rng.choice(["significant", "not_significant", "not_tested"])
            outcome.save()
        elif action == "add":
            make_outcome(
                project,
                measure=f"measure {step}",
                result_key=f"step-{step}",
                crime_problem=problem,
                is_headline=True,
                value=rng.choice([-20, 5]),
                direction="decrease",
            )
        elif action == "delete" and (outcome := project.outcomes.last()):
            outcome.delete()
        elif action == "design":
            project.design = rng.choice(["rct", "pre_post", "descriptive"])
            project.sms_level = rng.choice([5, 3, 2, None])
            project.save()
        elif action == "restore" and (first := revisions_of(project).order_by("pk").first()):
            restore(project, first, None)
        elif action == "import":
            record = {
                "agency": f"Imported Police Department {step}",
                "city": "Mesa",
                "state": "AZ",
                "award_year": 2015,
                "study_design": "randomized controlled trial",
                "crime_types": [problem.name],
                "outcomes": [
                    {
                        "measure": problem.name,
                        "change_percent": -30,
                        "direction": "decrease",
                        "statistically_significant": True,
                    }
                ],
                "sources": ["https://example.org/imported"],
            }
            data = tmp_path / f"import-{step}.json"
            data.write_text(json.dumps([record]))
            call_command("import_projects", str(data), "--publish", verbosity=0)
    return action


def test_the_kept_table_equals_a_fresh_count_after_every_edit(tmp_path):
    rng = random.Random(23)
    problem = make_crime_problem(name="Robbery", slug="robbery")
    strategy = make_strategy()
    for n in range(8):
        project = make_project(strategies=[strategy], crime_problems=[problem], sms_level=n % 5 + 1)
        make_outcome(
            project, crime_problem=problem, significance=["significant", "not_tested"][n % 2]
        )
        record_revision(project, None, "first")
    actions = []
    for step in range(30):
        actions.append(edit(rng, problem, tmp_path, step))
        assert rating_table.table() == rating_table.build_table(), actions
        assert shown_counts() == fresh_counts(), actions
        assert shown_counts(problem) == fresh_counts(problem), actions
    # The sequence reached every kind of edit, and the ratings moved under it.
    assert {"publish", "unpublish", "add", "delete", "design", "restore", "import"} <= set(actions)
    assert len(fresh_counts()[0]) > 1


def test_the_table_is_kept_between_requests_and_not_inside_a_transaction():
    project = make_project(design="rct", sms_level=5)
    make_outcome(project, crime_problem=make_crime_problem(), direction="decrease")
    kept = rating_table.table()
    assert kept[project.pk].rating == Rating.EFFECT
    assert rating_table.table() is kept  # the same version: this process's copy
    with transaction.atomic():
        Outcome.objects.filter(project=project).update(significance="not_tested")
        inside = rating_table.table()
        assert inside is not kept and inside[project.pk].rating == Rating.PROMISING
        transaction.set_rollback(True)
    assert rating_table.table() is kept
