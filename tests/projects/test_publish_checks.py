"""A record that is not complete cannot be published, and the editor is told exactly why."""

import pytest
from django.urls import reverse

from editorial import drafts
from editorial.models import PublicationStatus
from projects.models import Project
from tests.admin_forms import form_data
from tests.factories import (
    make_complete_project,
    make_crime_problem,
    make_outcome,
    make_project,
    make_staff,
    make_strategy,
)

pytestmark = pytest.mark.django_db
Status = PublicationStatus


def test_complete_project_has_no_problems():
    assert make_complete_project().publish_problems() == []


def test_missing_summary_is_named():
    project = make_project(status=Status.DRAFT, summary="", findings="")
    assert project.publish_problems() == ["“Summary” is empty."]


def test_findings_are_required_once_there_are_outcomes():
    project = make_project(status=Status.DRAFT, findings="")
    make_outcome(project)
    assert project.publish_problems() == ["“Findings” is empty."]


def test_an_award_known_only_by_its_summary_can_be_published():
    project = make_project(status=Status.DRAFT, problem="", response="", findings="")
    assert project.publish_problems() == []


def test_outcome_without_source_is_a_problem():
    project = make_complete_project()
    make_outcome(project, measure="robbery", source=None)
    assert project.publish_problems() == ["Outcome “robbery”: has no source"]


def test_odds_ratio_must_be_positive():
    project = make_complete_project()
    outcome = make_outcome(project, measure="arrest odds", unit="odds_ratio", value=2)
    outcome.value = 0
    assert "Outcome “arrest odds”: An odds ratio must be above zero." in outcome.publish_problems()


def test_direction_against_the_value_is_a_problem():
    project = make_complete_project()
    outcome = project.outcomes.get()
    outcome.direction = "increase"
    assert "the direction must follow the value's sign" in outcome.publish_problems()[0]


def test_percent_below_minus_100_is_a_problem():
    outcome = make_complete_project().outcomes.get()
    outcome.value = -140
    assert outcome.publish_problems() == [
        "Outcome “violent crime”: A relative change cannot fall below -100%."
    ]


def change_url(project):
    return reverse("admin:projects_project_change", args=[project.pk])


def test_publishing_an_incomplete_project_is_refused_and_the_text_kept(client):
    client.force_login(make_staff("Publisher"))
    project = make_complete_project(status=Status.IN_REVIEW)
    data = form_data(client.get(change_url(project)))
    data |= {"_action": "publish", "findings": "", "summary": "My new summary, not lost."}
    response = client.post(change_url(project), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Not ready to publish: “Findings” is empty." in page
    assert "My new summary, not lost." in page
    project.refresh_from_db()
    assert project.status == Status.IN_REVIEW


def test_publishing_with_an_unsourced_outcome_is_refused_at_the_outcome(client):
    client.force_login(make_staff("Publisher"))
    project = make_complete_project(status=Status.IN_REVIEW)
    data = form_data(client.get(change_url(project)))
    data |= {"_action": "publish", "outcomes-0-source": ""}
    response = client.post(change_url(project), data)
    assert response.status_code == 200
    assert "A published outcome needs a source a reader can follow." in response.content.decode()
    assert not Project.objects.published().exists()


def test_bulk_publish_skips_incomplete_records_and_says_why(client):
    client.force_login(make_staff("Publisher"))
    ready = make_complete_project(status=Status.IN_REVIEW)
    incomplete = make_project(status=Status.IN_REVIEW, summary="")
    response = client.post(
        reverse("admin:projects_project_changelist"),
        {"action": "publish_selected", "_selected_action": [ready.pk, incomplete.pk], "index": 0},
        follow=True,
    )
    page = response.content.decode()
    assert f"“{incomplete}” was not published: “Summary” is empty." in page
    assert list(Project.objects.published()) == [ready]


def test_changelist_shows_completeness(client):
    client.force_login(make_staff("Editor"))
    project = make_project(status=Status.DRAFT, problem="Some text", findings="")
    make_outcome(project, source=None)
    page = client.get(reverse("admin:projects_project_changelist")).content.decode()
    expected = "Missing: 2 of 6 sections written, 1 outcomes, 1 without source, 1 required empty"
    assert expected in page


def test_changelist_query_count_does_not_grow_with_rows(client, django_assert_max_num_queries):
    client.force_login(make_staff("Editor"))
    url = reverse("admin:projects_project_changelist")
    make_complete_project()
    with django_assert_max_num_queries(30) as few:
        client.get(url)
    for _ in range(5):
        make_complete_project()
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_a_live_record_that_predates_the_checks_can_still_be_improved(client):
    client.force_login(make_staff("Editor"))
    project = make_project(status=Status.PUBLISHED, problem="", findings="")
    data = form_data(client.get(change_url(project))) | {"problem": "Written at last."}
    assert client.post(change_url(project), data).status_code == 302
    # Kept as a draft of the live record, as every change to a live record is.
    assert drafts.pending_draft(project).data["fields"]["problem"] == "Written at last."


# Warnings: the editor decides, but is told.


def test_a_remark_about_how_the_record_was_put_together_is_a_warning():
    project = make_complete_project(
        sustainment="A later award is listed by BJA as declined, so it is not recorded as a "
        "project. Its figures could not be read."
    )
    warnings = project.publish_warnings()
    assert any("“not recorded as a project” says how the record" in w for w in warnings)
    assert any("“could not be read”" in w for w in warnings)
    assert project.publish_problems() == []


def test_saying_what_is_not_known_is_not_a_remark_about_the_record():
    project = make_complete_project(sustainment="The award year is not known.")
    assert project.publish_warnings() == []


def test_a_term_no_fact_supports_is_a_warning():
    compstat = make_strategy(name="Compstat and organizational change", synonyms=["Compstat"])
    project = make_complete_project(strategies=[compstat])
    project.source_terms = {"strategies": ["officer training"], "crime_types": []}
    assert project.publish_warnings() == [
        "“Compstat and organizational change”: nothing in this project's facts supports it "
        "(no imported strategy or crime type maps onto it, and the text does not name it)."
    ]


def test_a_term_is_supported_by_the_free_text_term_it_was_mapped_from():
    training = make_strategy(name="Officer training", synonyms=["training"])
    project = make_complete_project(strategies=[training])
    project.source_terms = {"strategies": ["Training (in-service)"], "crime_types": []}
    assert project.publish_warnings() == []


def test_a_term_the_case_study_names_is_supported():
    problem = make_crime_problem(name="Gun violence", synonyms=["shootings"])
    project = make_complete_project(crime_problems=[problem], problem="Shootings rose.")
    assert project.publish_warnings() == []
