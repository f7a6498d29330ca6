"""Two editors open the same case study; the second save is refused, nothing is lost."""

import pytest
from django.urls import reverse

from projects.models import Project
from tests.admin_forms import form_data
from tests.factories import make_complete_project, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_editors(client):
    from django.test import Client

    project = make_complete_project()
    first, second = Client(), client
    first.force_login(make_staff("Editor", username="ana"))
    second.force_login(make_staff("Editor", username="ben"))
    url = reverse("admin:projects_project_change", args=[project.pk])
    first_data = form_data(first.get(url))
    second_data = form_data(second.get(url))
    return project, url, first, first_data, second, second_data


def test_first_save_wins(two_editors):
    project, url, first, first_data, *_ = two_editors
    assert first.post(url, first_data | {"summary": "Ana's summary"}).status_code == 302
    project.refresh_from_db()
    assert project.summary == "Ana's summary"


def test_second_save_is_refused_and_keeps_the_second_editors_text(two_editors):
    project, url, first, first_data, second, second_data = two_editors
    first.post(url, first_data | {"summary": "Ana's summary"})
    response = second.post(url, second_data | {"findings": "Ben's findings"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "ana saved this record" in page
    assert "Ben&#x27;s findings" in page
    project.refresh_from_db()
    assert project.summary == "Ana's summary"
    assert project.findings != "Ben's findings"


def test_refusal_shows_the_other_editors_changes(two_editors):
    _project, url, first, first_data, second, second_data = two_editors
    first.post(url, first_data | {"summary": "Ana's summary"})
    response = second.post(url, second_data | {"findings": "Ben's findings"})
    changes = response.context["adminform"].form.conflict["changes"]
    assert [(c.label, c.after) for c in changes] == [("Summary", "Ana's summary")]


def test_second_submit_after_seeing_the_conflict_saves(two_editors):
    project, url, first, first_data, second, second_data = two_editors
    first.post(url, first_data | {"summary": "Ana's summary"})
    refused = second.post(url, second_data | {"findings": "Ben's findings"})
    resubmitted = form_data(refused)
    assert second.post(url, resubmitted).status_code == 302
    project.refresh_from_db()
    assert project.findings == "Ben's findings"


def test_version_is_a_hidden_field_of_the_form(client):
    client.force_login(make_staff("Editor"))
    project = make_complete_project()
    page = client.get(reverse("admin:projects_project_change", args=[project.pk]))
    assert f'type="hidden" name="base_version" value="{project.version}"' in page.content.decode()


def test_save_without_a_version_is_refused(client):
    client.force_login(make_staff("Editor"))
    project = make_complete_project()
    url = reverse("admin:projects_project_change", args=[project.pk])
    data = form_data(client.get(url))
    del data["base_version"]
    assert client.post(url, data | {"summary": "x"}).status_code == 200
    assert Project.objects.get().summary != "x"
