"""Text that looks the same is saved and compared the same: the normaliser, and the admin
saves and compares built on it (an imported section saved unchanged shows no difference and
adds no revision; compare reads values as readers do and lists only what changed)."""

import pytest
from django.urls import reverse

from editorial.revisions import changed_fields, revisions_of, snapshot
from editorial.text import normalise_number, normalise_text
from projects.models import Project
from tests.admin_forms import form_data
from tests.factories import make_complete_project, make_outcome, make_source, make_staff


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("one\r\ntwo\rthree", "one\ntwo\nthree"),
        ("10\u00a0per\u202fcent", "10 per cent"),
        ("zero\u200bwidth\ufeff", "zerowidth"),
        ("down \u221223%", "down -23%"),
        ("\u20130.4", "-0.4"),
        ("pages 10\u201320", "pages 10\u201320"),
        ("an \u2013 aside", "an \u2013 aside"),
    ],
)
def test_normalise_text(typed, meant):
    assert normalise_text(typed) == meant


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("\u221223", "-23"), (" 12,345.5 ", "12345.5"), ("1 000", "1000"), ("1,2", "1,2")],
)
def test_normalise_number(typed, meant):
    assert normalise_number(typed) == meant


@pytest.fixture
def editor(client):
    client.force_login(make_staff("Editor", username="ana"))


def _post(client, project, **changes):
    url = reverse("admin:projects_project_change", args=[project.pk])
    response = client.post(url, form_data(client.get(url)) | changes)
    assert response.status_code == 302, response.context["adminform"].form.errors
    project.refresh_from_db()
    return response


@pytest.mark.django_db
def test_a_section_a_browser_sends_back_with_crlf_is_saved_unchanged(client, editor):
    project = make_complete_project(findings="First paragraph.\n\nSecond paragraph.")
    _post(client, project, findings="First paragraph.\r\n\r\nSecond paragraph.")
    assert project.findings == "First paragraph.\n\nSecond paragraph."


@pytest.mark.django_db
def test_an_unchanged_save_adds_no_revision(client, editor):
    project = make_complete_project(findings="One.\n\nTwo.")
    _post(client, project, findings="One.\r\n\r\nTwo.")
    count = revisions_of(project).count()
    _post(client, project, findings="One.\r\n\r\nTwo.")
    assert revisions_of(project).count() == count


@pytest.mark.django_db
def test_compare_ignores_line_ends_and_lists_only_changed_fields():
    project = make_complete_project(findings="One.\n\nTwo.")
    before = snapshot(project)
    project.findings = "One.\r\n\r\nTwo."
    project.summary = "A new summary"
    rows = changed_fields(Project, before, snapshot(project))
    assert [row.label for row in rows] == ["Summary"]


@pytest.mark.django_db
def test_compare_reads_values_as_a_reader_does():
    project = make_complete_project()
    before = snapshot(project)
    make_outcome(project, measure="Gun crime", value=-23, is_headline=True)
    project.unmapped_terms = {"strategies": ["foot patrol"]}
    rows = {row.label: row for row in changed_fields(Project, before, snapshot(project))}
    assert rows["Unmapped terms"].after == "strategies: foot patrol"
    outcome_line = rows["Outcomes"].after.splitlines()[-1]
    assert outcome_line.startswith("Gun crime")
    assert "-23 " in f"{outcome_line} " and "-23.000" not in outcome_line
    assert "headline figure" in outcome_line and "True" not in outcome_line


@pytest.mark.django_db
def test_a_unicode_minus_in_an_outcome_is_saved_negative(client, editor):
    project = make_complete_project()
    outcome = project.outcomes.get()
    url = reverse("admin:projects_project_change", args=[project.pk])
    data = form_data(client.get(url))
    data["outcomes-0-value"] = "\u221223"
    data["outcomes-0-direction"] = ""
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    outcome.refresh_from_db()
    assert (outcome.value, outcome.direction) == (-23, "decrease")


@pytest.mark.django_db
def test_blank_direction_and_result_key_are_filled_from_value_and_measure(client, editor):
    project = make_complete_project()
    url = reverse("admin:projects_project_change", args=[project.pk])
    data = form_data(client.get(url))
    prefix = "outcomes-1-"
    data["outcomes-TOTAL_FORMS"] = "2"
    data |= {
        f"{prefix}measure": "Robbery",
        f"{prefix}value": "12.5",
        f"{prefix}unit": "percent",
        f"{prefix}category": "crime",
        f"{prefix}significance": "not_tested",
        f"{prefix}source": str(make_source().pk),
        f"{prefix}direction": "",
        f"{prefix}result_key": "",
        f"{prefix}order": "1",
        f"{prefix}project": str(project.pk),
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.context["inline_admin_formsets"][0].formset.errors
    added = project.outcomes.get(measure="Robbery")
    assert (added.direction, added.result_key) == ("increase", "robbery")


@pytest.mark.django_db
def test_a_direction_against_the_value_is_refused_in_words(client, editor):
    project = make_complete_project()
    url = reverse("admin:projects_project_change", args=[project.pk])
    data = form_data(client.get(url)) | {
        "outcomes-0-value": "-5",
        "outcomes-0-direction": "increase",
    }
    page = client.post(url, data).content.decode()
    assert "the direction must follow the value" in page
    assert "Constraint" not in page
