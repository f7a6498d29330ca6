"""Two editors open the same case study: fields only one of them changed are merged, a field
both changed is saved only by an explicit choice that the revision records; nothing is lost."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from editorial.revisions import revisions_of
from projects.models import Project
from tests.admin_forms import form_data
from tests.factories import make_complete_project, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_editors(client):
    from django.test import Client

    cache.clear()  # Who had a form open in another test's record of the same key.
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


def test_fields_only_one_editor_changed_are_merged(two_editors):
    project, url, first, first_data, second, second_data = two_editors
    first.post(url, first_data | {"summary": "Ana's summary"})
    response = second.post(url, second_data | {"findings": "Ben's findings"})
    assert response.status_code == 302
    project.refresh_from_db()
    assert (project.summary, project.findings) == ("Ana's summary", "Ben's findings")
    assert revisions_of(project).first().note == "Saved; kept ana's changes to Summary"


def test_a_field_both_changed_is_refused_and_keeps_the_second_editors_text(two_editors):
    project, url, first, first_data, second, second_data = two_editors
    first.post(url, first_data | {"summary": "Ana's summary"})
    response = second.post(url, second_data | {"summary": "Ben's summary"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "ana saved this record" in page
    assert "Ben&#x27;s summary" in page
    project.refresh_from_db()
    assert project.summary == "Ana's summary"


def test_refusal_shows_only_the_other_editors_changes(two_editors):
    _project, url, first, first_data, second, second_data = two_editors
    first.post(url, first_data | {"summary": "Ana's summary"})
    response = second.post(url, second_data | {"summary": "Ben's", "findings": "Ben's findings"})
    changes = response.context["adminform"].form.conflict["changes"]
    assert [(c.label, c.after) for c in changes] == [("Summary", "Ana's summary")]


def test_a_second_save_without_a_choice_is_refused_again(two_editors):
    project, url, first, first_data, second, second_data = two_editors
    first.post(url, first_data | {"summary": "Ana's summary"})
    refused = second.post(url, second_data | {"summary": "Ben's summary"})
    assert second.post(url, form_data(refused)).status_code == 200
    project.refresh_from_db()
    assert project.summary == "Ana's summary"


@pytest.mark.parametrize(
    ("choice", "kept", "note"),
    [
        ("mine", "Ben's summary", "Saved; saved over ana's Summary (editor's choice)"),
        ("theirs", "Ana's summary", "Saved; kept ana's Summary (editor's choice)"),
    ],
)
def test_an_explicit_choice_saves_and_is_recorded(two_editors, choice, kept, note):
    project, url, first, first_data, second, second_data = two_editors
    first.post(url, first_data | {"summary": "Ana's summary"})
    refused = second.post(url, second_data | {"summary": "Ben's summary", "findings": "Ben's"})
    resubmitted = form_data(refused) | {"on_conflict": choice}
    assert second.post(url, resubmitted).status_code == 302
    project.refresh_from_db()
    assert (project.summary, project.findings) == (kept, "Ben's")
    assert revisions_of(project).first().note == note


def test_a_choice_made_before_a_third_save_does_not_count(two_editors):
    project, url, first, first_data, second, second_data = two_editors
    first.post(url, first_data | {"summary": "Ana's summary"})
    refused = second.post(url, second_data | {"summary": "Ben's summary"})
    again = form_data(first.get(url))
    first.post(url, again | {"summary": "Ana's second summary"})
    assert second.post(url, form_data(refused) | {"on_conflict": "mine"}).status_code == 200
    project.refresh_from_db()
    assert project.summary == "Ana's second summary"


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


def test_the_form_names_the_other_editor_who_has_it_open(two_editors):
    _project, url, first, _first_data, second, _second_data = two_editors
    page = second.get(url).content.decode()
    assert "Also editing: ana" in page
    assert "Also editing: ben" in first.get(url).content.decode()
