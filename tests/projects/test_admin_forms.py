"""The project form helps: the address is made when left empty, a published image needs its
description, a chosen file the form could not keep is asked for again, Markdown fields say so,
and labels use the editors' words."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from editorial.models import PublicationStatus
from tests.admin_forms import form_data
from tests.factories import make_complete_project, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    client.force_login(make_staff("Publisher"))
    return client


def _url(project):
    return reverse("admin:projects_project_change", args=[project.pk])


def _png() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(buffer, "PNG")
    return SimpleUploadedFile("photo.png", buffer.getvalue(), content_type="image/png")


def test_an_empty_slug_is_made_from_the_agency(editor):
    project = make_complete_project()
    response = editor.post(_url(project), form_data(editor.get(_url(project))) | {"slug": ""})
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.slug == project.build_slug()


def test_a_published_image_needs_a_description(editor):
    project = make_complete_project(status=PublicationStatus.PUBLISHED)
    data = form_data(editor.get(_url(project))) | {"image": _png(), "image_alt": ""}
    response = editor.post(_url(project), data)
    assert response.status_code == 200
    assert "needs a description" in response.content.decode()


def test_a_chosen_file_the_form_could_not_keep_is_asked_for_again(editor):
    project = make_complete_project()
    data = form_data(editor.get(_url(project))) | {"image": _png(), "cohort_year": "1900"}
    page = editor.post(_url(project), data).content.decode()
    assert "choose it again before saving" in page


def test_markdown_fields_and_labels_speak_the_editors_words(editor):
    project = make_complete_project()
    form = editor.get(_url(project)).context["adminform"].form
    assert "Takes Markdown" in form.fields["findings"].help_text
    assert "Takes Markdown" not in form.fields["notes"].help_text
    # The publication state is moved by the review's buttons, never by a field beside the
    # project's own status.
    assert "status" not in form.fields and form.fields["stage"].label == "Project status"
    assert form.fields["sms_source"].label == "Source of the Maryland level"


def test_a_merged_save_tells_the_editor(client):
    from django.test import Client

    project = make_complete_project()
    ana, ben = Client(), client
    ana.force_login(make_staff("Editor", username="ana"))
    ben.force_login(make_staff("Editor", username="ben"))
    ana_data, ben_data = form_data(ana.get(_url(project))), form_data(ben.get(_url(project)))
    ana.post(_url(project), ana_data | {"summary": "Ana's summary"})
    response = ben.post(_url(project), ben_data | {"findings": "Ben's"}, follow=True)
    messages = [str(m) for m in response.context["messages"]]
    assert "Saved; kept ana's changes to Summary" in messages


def test_a_chosen_file_is_asked_for_again_when_only_an_outcome_was_refused(editor):
    project = make_complete_project()
    data = form_data(editor.get(_url(project)))
    data |= {"image": _png(), "outcomes-0-value": "-500"}
    page = editor.post(_url(project), data).content.decode()
    assert "the files you chose were not kept" in page
