"""A lesson says how strong it is: tested, observed or practitioner advice, by a rule that
editors may only weaken."""

import pytest
from django.urls import reverse

from lessons.models import Evidence, Lesson
from tests.factories import make_lesson, make_outcome, make_project
from tests.querycount import assert_constant_queries

pytestmark = pytest.mark.django_db


def lesson_backed_by(sms_level=5, significance="significant", outcome=True):
    project = make_project(sms_level=sms_level)
    if outcome:
        make_outcome(project, significance=significance)
    return make_lesson(projects=[project])


@pytest.mark.parametrize(
    ("sms_level", "significance", "outcome", "level"),
    [
        (5, "significant", True, Evidence.TESTED),
        (3, "significant", True, Evidence.TESTED),
        (2, "significant", True, Evidence.OBSERVED),
        (None, "significant", True, Evidence.OBSERVED),
        (5, "not_tested", True, Evidence.OBSERVED),
        (5, "significant", False, Evidence.PRACTICE),
    ],
)
def test_the_rule(sms_level, significance, outcome, level):
    lesson = lesson_backed_by(sms_level, significance, outcome)
    assert lesson.evidence_level == level
    assert Lesson.objects.with_cards().get(pk=lesson.pk).evidence_level == level


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
