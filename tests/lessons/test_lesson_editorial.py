"""Lessons go through the same workflow as case studies."""

import pytest
from django.urls import reverse

from editorial.models import AuditEvent, PublicationStatus
from editorial.revisions import revisions_of
from lessons.models import Lesson
from tests.admin_forms import form_data
from tests.factories import make_lesson, make_staff

pytestmark = pytest.mark.django_db
Status = PublicationStatus


def change_url(lesson):
    return reverse("admin:lessons_lesson_change", args=[lesson.pk])


def test_editor_cannot_publish_a_lesson(client):
    client.force_login(make_staff("Editor"))
    lesson = make_lesson(status=Status.IN_REVIEW)
    data = form_data(client.get(change_url(lesson))) | {"_action": "publish"}
    assert client.post(change_url(lesson), data).status_code == 200
    lesson.refresh_from_db()
    assert lesson.status == Status.IN_REVIEW


def test_publisher_publishes_a_lesson_and_it_is_logged(client):
    client.force_login(make_staff("Publisher"))
    lesson = make_lesson(status=Status.IN_REVIEW)
    data = form_data(client.get(change_url(lesson))) | {"_action": "publish"}
    assert client.post(change_url(lesson), data).status_code == 302
    assert Lesson.objects.published().get() == lesson
    assert AuditEvent.objects.get().action == "publish"


def test_lesson_save_records_a_revision(client):
    client.force_login(make_staff("Editor"))
    lesson = make_lesson(status=Status.DRAFT)
    data = form_data(client.get(change_url(lesson))) | {"body": "More detail"}
    client.post(change_url(lesson), data)
    assert revisions_of(lesson).first().data["fields"]["body"] == "More detail"


def test_lesson_preview_uses_the_public_template_and_is_not_cached(client):
    client.force_login(make_staff("Editor"))
    lesson = make_lesson(status=Status.DRAFT, title="Draft lesson")
    response = client.get(reverse("admin:lessons_lesson_preview", args=[lesson.pk]))
    assert "lessons/lesson_detail.html" in [t.name for t in response.templates]
    assert "Draft lesson" in response.content.decode()
    assert "no-store" in response["Cache-Control"]


def test_empty_summary_blocks_publishing():
    lesson = make_lesson(status=Status.DRAFT, summary=" ")
    assert lesson.publish_problems() == ["The summary is empty."]
