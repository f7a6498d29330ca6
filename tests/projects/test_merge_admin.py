"""The admin's "Merge into…" action: a preview of what moves, then every link moved to the
record kept, its old address redirected, a revision on each case study and an audit event."""

import pytest
from django.urls import reverse

from editorial.models import AuditAction, AuditEvent, PublicationStatus
from editorial.revisions import revisions_of
from projects.merging import merge_into, plan
from projects.models import Agency, MergedSlug, Strategy
from tests.factories import (
    make_agency,
    make_crime_problem,
    make_outcome,
    make_project,
    make_staff,
    make_strategy,
)

pytestmark = pytest.mark.django_db


def _action(client, model, records, **extra):
    url = reverse(f"admin:projects_{model._meta.model_name}_changelist")
    data = {"action": "merge_selected", "_selected_action": [r.pk for r in records]} | extra
    return client.post(url, data)


@pytest.fixture
def publisher(client):
    client.force_login(make_staff("Publisher"))
    return client


def test_preview_lists_what_each_record_holds_and_changes_nothing(publisher):
    kept, other = make_strategy(name="Hot spots"), make_strategy(name="Hot-spot policing")
    project = make_project(strategies=[other])
    page = _action(publisher, Strategy, [kept, other], keep=str(kept.pk)).content.decode()
    assert "1 projects: " in page and str(project) in page
    assert "Merging into “Hot spots”" in page
    assert Strategy.objects.filter(pk=other.pk).exists()


@pytest.mark.parametrize("keep", ["", "abc", "999999"])
def test_sent_without_a_record_to_keep_it_asks_for_one_and_merges_nothing(publisher, keep):
    kept, other = make_strategy(name="Hot spots"), make_strategy(name="Hot-spot policing")
    response = _action(publisher, Strategy, [kept, other], merge_page="1", keep=keep, confirm="1")
    assert response.status_code == 200
    assert "Choose the record to keep." in response.content.decode()
    assert Strategy.objects.filter(pk__in=[kept.pk, other.pk]).count() == 2


def test_confirm_moves_links_keeps_the_wording_and_redirects(publisher, client):
    kept, other = make_strategy(name="Hot spots"), make_strategy(name="Hot-spot policing")
    project = make_project(strategies=[other], status=PublicationStatus.PUBLISHED)
    response = _action(publisher, Strategy, [kept, other], keep=str(kept.pk), confirm="1")
    assert response.status_code == 302
    assert list(project.strategies.all()) == [kept]
    kept.refresh_from_db()
    assert "Hot-spot policing" in kept.synonyms
    assert (
        revisions_of(project).first().note == "Strategy “Hot-spot policing” merged into “Hot spots”"
    )
    assert AuditEvent.objects.filter(
        action=AuditAction.DELETE, object_repr="Hot-spot policing"
    ).exists()
    old_address = reverse("strategy-detail", args=[other.slug])
    moved = client.get(old_address)
    assert (moved.status_code, moved["Location"]) == (301, kept.get_absolute_url())


def test_outcomes_measuring_a_merged_crime_problem_move_too():
    kept, other = make_crime_problem(), make_crime_problem()
    outcome = make_outcome(make_project(), crime_problem=other)
    merge_into(other, kept)
    outcome.refresh_from_db()
    assert outcome.crime_problem == kept


def test_agencies_with_a_project_of_the_same_year_are_not_merged(publisher):
    kept, other = make_agency(), make_agency()
    make_project(agency=kept, cohort_year=2012)
    make_project(agency=other, cohort_year=2012)
    assert plan(other, kept).problems
    page = _action(publisher, Agency, [kept, other], keep=str(kept.pk), confirm="1")
    assert page.status_code == 200
    assert "Both agencies have a project of 2012" in page.content.decode()
    assert Agency.objects.filter(pk=other.pk).exists()


def test_a_merged_agency_address_redirects_and_its_projects_move(client):
    kept, other = make_agency(), make_agency()
    project = make_project(agency=other, cohort_year=2014, status=PublicationStatus.PUBLISHED)
    make_project(agency=kept, cohort_year=2012, status=PublicationStatus.PUBLISHED)
    merge_into(other, kept)
    project.refresh_from_db()
    assert project.agency == kept
    assert MergedSlug.objects.get().old_slug == other.slug
    moved = client.get(reverse("projects:agency-detail", args=[other.slug]))
    assert (moved.status_code, moved["Location"]) == (301, kept.get_absolute_url())


def test_editors_cannot_merge(client):
    client.force_login(make_staff("Editor"))
    kept, other = make_strategy(), make_strategy()
    _action(client, Strategy, [kept, other], keep=str(kept.pk), confirm="1")
    assert Strategy.objects.filter(pk=other.pk).exists()


def test_partners_merge_through_their_own_rule_with_a_redirect(publisher):
    from projects.models import PartnerRedirect, ResearchPartner
    from tests.factories import make_partner

    kept, other = (
        make_partner(name="University of Cincinnati"),
        make_partner(name="Univ. of Cincinnati"),
    )
    project = make_project()
    project.research_partners.add(other)
    response = _action(publisher, ResearchPartner, [kept, other], keep=str(kept.pk), confirm="1")
    assert response.status_code == 302
    assert list(project.research_partners.all()) == [kept]
    assert PartnerRedirect.objects.get(old_slug=other.slug).partner == kept
