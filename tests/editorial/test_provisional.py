"""A record created from a form's "+" pop-up stands only if that form's save uses it: a failed
or abandoned save leaves it provisional and it is discarded after a session; a saved form
that links it confirms it."""

from datetime import timedelta

import pytest
from django.contrib.admin.options import IS_POPUP_VAR
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from editorial.models import ProvisionalRecord
from editorial.provisional import discard_abandoned
from projects.models import Agency, Source
from tests.admin_forms import form_data
from tests.factories import make_complete_project, make_project, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    client.force_login(make_staff("Editor"))
    return client


def _popup_agency(client, name="Popup Police Department") -> Agency:
    data = {"name": name, "slug": "popup-pd", "state": "AZ", "agency_type": "municipal"}
    response = client.post(reverse("admin:projects_agency_add"), data | {IS_POPUP_VAR: "1"})
    assert response.status_code == 200  # the pop-up's closing page
    return Agency.objects.get(name=name)


def _later():
    return timezone.now() + timedelta(days=1)


def _save_project(client, project, **changes):
    url = reverse("admin:projects_project_change", args=[project.pk])
    return client.post(url, form_data(client.get(url)) | changes)


def test_a_pop_up_record_is_provisional(editor):
    agency = _popup_agency(editor)
    assert ProvisionalRecord.objects.get().record == agency


def test_a_record_added_outside_a_pop_up_is_not(editor):
    data = {"name": "Plain PD", "slug": "plain-pd", "state": "AZ", "agency_type": "municipal"}
    editor.post(reverse("admin:projects_agency_add"), data)
    assert Agency.objects.filter(name="Plain PD").exists()
    assert not ProvisionalRecord.objects.exists()


def test_after_a_failed_project_save_the_pop_up_record_is_discarded(editor):
    project = make_complete_project()
    agency = _popup_agency(editor)
    failed = _save_project(editor, project, agency=str(agency.pk), cohort_year="1900")
    assert failed.status_code == 200
    assert discard_abandoned(now=_later()) == ["agency “Popup Police Department”"]
    assert not Agency.objects.filter(pk=agency.pk).exists()


def test_a_saved_project_using_the_pop_up_record_confirms_it(editor):
    project = make_complete_project()
    agency = _popup_agency(editor)
    assert _save_project(editor, project, agency=str(agency.pk)).status_code == 302
    assert not ProvisionalRecord.objects.exists()
    assert discard_abandoned(now=_later()) == []
    assert Agency.objects.filter(pk=agency.pk).exists()


def test_a_record_someone_else_came_to_use_is_kept(editor):
    agency = _popup_agency(editor)
    make_project(agency=agency)
    assert discard_abandoned(now=_later()) == []
    assert Agency.objects.filter(pk=agency.pk).exists()


def test_a_source_only_a_rating_cites_is_kept(editor):
    response = editor.post(
        reverse("admin:projects_source_add"),
        {"url": "https://example.org/report", "kind": "other", IS_POPUP_VAR: "1"},
    )
    assert response.status_code == 200
    source = Source.objects.get(url="https://example.org/report")
    make_project(design_source=source)
    assert discard_abandoned(now=_later()) == []


def test_the_command_discards_nothing_within_a_session(editor):
    _popup_agency(editor)
    call_command("discard_provisional", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Agency.objects.filter(name="Popup Police Department").exists()
