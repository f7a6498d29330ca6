"""A lesson's audiences are checked wherever a lesson is written: a typo would otherwise drop
the lesson from that audience's filter without a word."""

import pytest
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.urls import reverse

from lessons.loading import load_lessons
from tests.factories import make_core_practice, make_lesson, make_staff

pytestmark = pytest.mark.django_db


def test_an_unknown_audience_is_refused_by_the_model():
    lesson = make_lesson(audiences=["analysts"])
    lesson.audiences = ["analysts", "analyst"]
    with pytest.raises(ValidationError, match="Unknown audience: analyst"):
        lesson.full_clean()


def test_audiences_must_be_a_list_of_names():
    lesson = make_lesson()
    lesson.audiences = "analysts"
    with pytest.raises(ValidationError, match="must be a list"):
        lesson.full_clean()


def test_loading_a_lesson_with_a_mistyped_audience_fails_naming_it():
    practice = make_core_practice(slug="targeting")
    record = {
        "slug": "pick-places",
        "title": "Pick the places",
        "core_practice": "targeting",
        "summary": "Choose where to work.",
        "audiences": ["analyst"],
    }
    with pytest.raises(CommandError, match=r"'pick-places'.*Unknown audience: analyst"):
        load_lessons([record], publish=True)
    assert not practice.lessons.exists()


def test_editors_tick_audiences_from_the_list(client):
    client.force_login(make_staff("Editor"))
    lesson = make_lesson(audiences=["analysts"])
    page = client.get(reverse("admin:lessons_lesson_change", args=[lesson.pk])).text
    assert 'type="checkbox" name="audiences" value="analysts"' in page
    assert 'value="analysts" id="id_audiences_3" checked' in page
