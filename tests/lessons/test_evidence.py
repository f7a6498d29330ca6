"""A lesson says how strong it is: tested, observed or practitioner advice, by a rule that
editors may only weaken. "Tested" follows the projects' own rating (``projects.ratings``), so a
time series without a comparison group, whatever Maryland level it was recorded at, or a design
only planned, never makes a lesson "tested"."""

import pytest
from django.urls import reverse

from lessons.models import Evidence, Lesson
from tests.factories import make_crime_problem, make_lesson, make_outcome, make_project
from tests.querycount import assert_constant_queries

pytestmark = pytest.mark.django_db


def lesson_backed_by(sms_level=5, significance="significant", outcome=True, design="rct", **kw):
    project = make_project(sms_level=sms_level, design=design, **kw)
    if outcome:
        problem = make_crime_problem()
        make_outcome(project, significance=significance, category="crime", crime_problem=problem)
    return make_lesson(projects=[project])


@pytest.mark.parametrize(
    ("sms_level", "significance", "outcome", "design", "level"),
    [
        (5, "significant", True, "rct", Evidence.TESTED),
        (3, "significant", True, "quasi_experimental", Evidence.TESTED),
        (2, "significant", True, "pre_post", Evidence.OBSERVED),
        (None, "significant", True, "", Evidence.OBSERVED),
        (5, "not_tested", True, "rct", Evidence.OBSERVED),
        (5, "significant", False, "rct", Evidence.PRACTICE),
        # Recorded at level 3, but a time series naming no comparison group reads as level 2.
        (3, "significant", True, "time_series", Evidence.OBSERVED),
    ],
)
def test_the_rule(sms_level, significance, outcome, design, level):
    lesson = lesson_backed_by(sms_level, significance, outcome, design)
    assert lesson.evidence_level == level
    assert Lesson.objects.with_cards().get(pk=lesson.pk).evidence_level == level


def test_a_design_only_planned_never_makes_a_lesson_tested():
    lesson = lesson_backed_by(design_planned=True)
    assert lesson.evidence_level == Evidence.OBSERVED


def test_an_editor_may_weaken_the_marking_but_not_strengthen_it():
    lesson = lesson_backed_by(sms_level=2)
    lesson.evidence = Evidence.PRACTICE
    assert lesson.publish_problems() == []
    lesson.evidence = Evidence.TESTED
    assert lesson.publish_problems() == [
        "The lesson is marked “Tested” but its projects support only “Observed”: A project "
        "it draws on reported results, but none tested for significance in a comparison design."
    ]


def test_the_marking_and_its_rule_are_shown_on_cards_and_pages(client):
    lesson = lesson_backed_by()
    card = client.get(reverse("lessons:list")).text
    assert 'class="meta evidence evidence-tested"' in card
    page = client.get(lesson.get_absolute_url()).text
    assert "<strong>Tested</strong>" in page and "comparison design" in page


def test_the_lesson_list_reads_the_rule_in_constant_queries(client):
    url = reverse("lessons:list")
    assert_constant_queries(client, url, lambda n: [lesson_backed_by() for _ in range(n)])
