"""The shipped lessons do not overstate: each one's evidence mark agrees with the ratings of the
projects it draws on, and the lessons found to overclaim say only what their projects found."""

import pytest

from lessons.models import TESTED_RATINGS, Evidence, Lesson
from projects.ratings import rate

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def lessons(real_data, django_db_blocker):
    with django_db_blocker.unblock():
        return {
            lesson.slug: lesson
            for lesson in Lesson.objects.published().for_detail().prefetch_related("projects")
        }


def test_the_rule_says_tested_exactly_when_a_project_is_rated_effect_or_mixed(lessons):
    """Editors may mark a lesson weaker than the rule, never stronger (the next test)."""
    wrong = {}
    for slug, lesson in lessons.items():
        backed = any(rate(p).rating in TESTED_RATINGS for p in lesson.projects.all())
        if (lesson.evidence_by_rule == Evidence.TESTED) != backed:
            wrong[slug] = (lesson.evidence_by_rule, backed)
        if lesson.evidence_level == Evidence.TESTED and not backed:
            wrong[slug] = (lesson.evidence_level, backed)
    assert wrong == {}


def test_no_lesson_is_marked_stronger_than_its_projects(lessons):
    overstated = {slug: lesson.evidence_problems() for slug, lesson in lessons.items()}
    assert {slug: problems for slug, problems in overstated.items() if problems} == {}


def test_a_time_series_alone_does_not_make_the_laser_lesson_tested(lessons):
    lesson = lessons["give-place-and-offender-strategies-one-intelligence-engine"]
    assert lesson.evidence_level != Evidence.TESTED


@pytest.mark.parametrize(
    ("slug", "claim"),
    [
        ("pair-hot-spot-patrols-with-offender-focused-work", "Pair hot spot patrols"),
        ("use-risk-terrain-modeling-to-decide-where-foot-beats-go", "worked"),
        ("find-the-places-behind-a-problem-and-change-how-they-are-run", "keeps working"),
        ("keep-the-target-area-small-enough-to-deliver-a-real-dose", "same partners and resources"),
        ("give-place-and-offender-strategies-one-intelligence-engine", "as an extra"),
    ],
)
def test_the_overclaims_are_gone(lessons, slug, claim):
    lesson = lessons[slug]
    assert claim not in f"{lesson.title} {lesson.summary} {lesson.body}"


def test_the_separately_tested_arms_are_not_presented_as_a_pairing(lessons):
    lesson = lessons["pair-hot-spot-patrols-with-offender-focused-work"]
    assert "tested separately" in lesson.body
    assert "foot patrol" in lesson.summary and "no significant decline" in lesson.summary


def test_a_lesson_resting_on_a_copy_says_so(client, lessons):
    on_copies = [lesson for lesson in lessons.values() if lesson.source and lesson.source.is_copy]
    assert on_copies
    for lesson in on_copies:
        page = client.get(lesson.get_absolute_url()).content.decode()
        assert f"copy on {lesson.source.site}" in page, lesson.slug
