"""Protects the pages the site serves because they show lessons with projects: a case study lists
its own published lessons, the comparison shows each column's lessons, and the project's admin
form and preview (registered by the site) carry them too."""

import re

import pytest
from django.urls import reverse

from editorial.models import PublicationStatus
from tests.factories import make_complete_project, make_lesson, make_project, make_staff

pytestmark = pytest.mark.django_db


def test_a_case_study_lists_its_published_lessons_only(client):
    project = make_project()
    make_lesson(projects=[project], title="Walk the beat")
    make_lesson(projects=[project], title="Unfinished lesson", status=PublicationStatus.DRAFT)
    make_lesson(title="Another project's lesson")
    text = client.get(project.get_absolute_url()).text
    assert "Lessons from this project" in text
    assert "Walk the beat" in text
    assert "Unfinished lesson" not in text
    assert "Another project's lesson" not in text


def test_the_comparison_shows_each_columns_lessons(client):
    first, second = make_project(), make_project()
    make_lesson(projects=[first], title="Walk the beat")
    response = client.get(reverse("compare"), {"p": [first.slug, second.slug]})
    assert response.status_code == 200
    row = re.search(r'<th scope="row">Lessons</th>(.*?)</tr>', response.text, re.S).group(1)
    first_cell, second_cell = re.findall(r"<td>(.*?)</td>", row, re.S)
    assert "Walk the beat" in first_cell
    assert "None recorded" in second_cell


def test_the_project_form_edits_its_lessons_and_previews_them(client):
    client.force_login(make_staff("Editor"))
    project = make_complete_project()
    make_lesson(projects=[project], title="Walk the beat")
    form = client.get(reverse("admin:projects_project_change", args=[project.pk])).text
    assert "Lessons from this project" in form
    preview = client.get(reverse("admin:projects_project_preview", args=[project.pk])).text
    assert "Walk the beat" in preview
