"""Staff preview drafts and unsaved edits through the public template; nobody else can."""

import pytest
from django.urls import reverse

from editorial.models import PublicationStatus
from tests.admin_forms import form_data
from tests.factories import make_complete_project, make_staff

pytestmark = pytest.mark.django_db


def preview_url(project):
    return reverse("admin:projects_project_preview", args=[project.pk])


def test_editor_previews_a_draft_with_the_public_template(client):
    client.force_login(make_staff("Editor"))
    project = make_complete_project(title="Draft about hot spots")
    response = client.get(preview_url(project))
    assert response.status_code == 200
    assert "spi_portal/case_study.html" in [t.name for t in response.templates]
    page = response.content.decode()
    assert "Draft about hot spots" in page
    assert "Preview for editors" in page
    assert '<meta name="robots" content="noindex, nofollow">' in page


def test_preview_is_never_cached(client):
    client.force_login(make_staff("Editor"))
    response = client.get(preview_url(make_complete_project()))
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get(preview_url(make_complete_project()))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_logged_in_non_staff_is_sent_to_login(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("reader", password="pw"))
    assert client.get(preview_url(make_complete_project())).status_code == 302


def test_staff_without_permission_gets_404(client):
    client.force_login(make_staff())
    assert client.get(preview_url(make_complete_project())).status_code == 404


def test_draft_stays_off_the_public_page(client):
    project = make_complete_project()
    assert client.get(project.get_absolute_url()).status_code == 404


def test_unsaved_changes_are_previewed_and_not_saved(client):
    client.force_login(make_staff("Editor"))
    project = make_complete_project(status=PublicationStatus.PUBLISHED, summary="Live summary")
    version = project.version
    data = form_data(client.get(reverse("admin:projects_project_change", args=[project.pk])))
    response = client.post(preview_url(project), data | {"summary": "Edited, not saved yet"})
    assert response.status_code == 200
    assert "Edited, not saved yet" in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    project.refresh_from_db()
    assert project.summary == "Live summary"
    assert project.version == version


def test_preview_of_an_invalid_form_lists_the_errors(client):
    client.force_login(make_staff("Editor"))
    project = make_complete_project()
    data = form_data(client.get(reverse("admin:projects_project_change", args=[project.pk])))
    response = client.post(preview_url(project), data | {"agency": ""})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()


def test_change_form_links_preview_and_view_on_site_only_when_live(client):
    client.force_login(make_staff("Editor"))
    draft = make_complete_project()
    page = client.get(reverse("admin:projects_project_change", args=[draft.pk])).content.decode()
    assert preview_url(draft) in page
    assert "View on site" not in page
    live = make_complete_project(status=PublicationStatus.PUBLISHED)
    page = client.get(reverse("admin:projects_project_change", args=[live.pk])).content.decode()
    assert "View on site" in page
