"""Every admin save records a revision; any two compare field by field; an old one restores."""

import pytest
from django.urls import reverse

from editorial.models import PublicationStatus
from editorial.revisions import revisions_of
from tests.admin_forms import form_data
from tests.factories import make_complete_project, make_staff, make_strategy

pytestmark = pytest.mark.django_db


def change_url(project):
    return reverse("admin:projects_project_change", args=[project.pk])


def save(client, project, **changes):
    data = form_data(client.get(change_url(project))) | changes
    response = client.post(change_url(project), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    project.refresh_from_db()


@pytest.fixture
def editor(client):
    user = make_staff("Editor", username="ana")
    client.force_login(user)
    return user


def test_save_records_who_and_what_including_outcomes_and_links(client, editor):
    strategy = make_strategy(name="Hot spots policing")
    project = make_complete_project()
    save(client, project, summary="New summary", strategies=[str(strategy.pk)])
    latest = revisions_of(project).first()
    assert latest.user == editor
    assert latest.version == project.version
    assert latest.data["fields"]["summary"] == "New summary"
    assert latest.data["m2m"]["strategies"] == [[strategy.pk, "Hot spots policing"]]
    assert latest.data["children"]["outcomes"][0]["fields"]["measure"] == "violent crime"


def test_first_admin_save_also_keeps_the_state_before_it(client, editor):
    project = make_complete_project(summary="Imported summary")
    save(client, project, summary="Edited")
    before, after = reversed(revisions_of(project))
    assert before.data["fields"]["summary"] == "Imported summary"
    assert after.data["fields"]["summary"] == "Edited"


def test_compare_shows_each_changed_field(client, editor):
    project = make_complete_project(summary="One")
    save(client, project, summary="Two words")
    new, old = revisions_of(project)
    response = client.get(
        reverse("admin:projects_project_compare", args=[project.pk]), {"a": old.pk, "b": new.pk}
    )
    assert response.status_code == 200
    changed = [(r.label, r.before, r.after) for r in response.context["rows"] if r.changed]
    assert changed == [("Summary", "One", "Two words")]
    assert "<del>One</del>" in response.content.decode()


def test_compare_with_bad_ids_is_a_400_not_a_500(client, editor):
    project = make_complete_project()
    url = reverse("admin:projects_project_compare", args=[project.pk])
    assert client.get(url, {"a": "x", "b": "1"}).status_code == 400
    assert client.get(url, {"a": "999998", "b": "999999"}).status_code == 404


def test_restore_puts_old_content_back_as_a_new_revision(client, editor):
    project = make_complete_project(summary="Original")
    save(client, project, summary="Changed", **{"outcomes-0-DELETE": "on"})
    assert project.outcomes.count() == 0
    original = revisions_of(project).last()
    url = reverse("admin:projects_project_restore", args=[project.pk, original.pk])
    assert client.get(url).status_code == 200
    response = client.post(url)
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.summary == "Original"
    assert list(project.outcomes.values_list("measure", flat=True)) == ["violent crime"]
    newest = revisions_of(project).first()
    assert newest.note == f"Restored revision {original.pk}"
    assert newest.user == editor


def test_restore_never_changes_the_publication_state(client, editor):
    project = make_complete_project(status=PublicationStatus.PUBLISHED, summary="Live")
    save(client, project, summary="Live, edited")
    original = revisions_of(project).last()
    client.post(reverse("admin:projects_project_restore", args=[project.pk, original.pk]))
    project.refresh_from_db()
    assert (project.summary, project.status) == ("Live", PublicationStatus.PUBLISHED)


def test_staff_without_view_permission_cannot_list_revisions(client):
    client.force_login(make_staff())
    project = make_complete_project()
    url = reverse("admin:projects_project_revisions", args=[project.pk])
    assert client.get(url).status_code == 404


def test_revision_list_offers_compare_and_restore(client, editor):
    project = make_complete_project()
    save(client, project, summary="Edited")
    page = client.get(reverse("admin:projects_project_revisions", args=[project.pk]))
    assert page.status_code == 200
    oldest = revisions_of(project).last()
    assert reverse("admin:projects_project_restore", args=[project.pk, oldest.pk]) in (
        page.content.decode()
    )
