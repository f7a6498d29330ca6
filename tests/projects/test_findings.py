"""The findings table: each project's headline figure and its effect, drafts left out, sorting,
clear messages for bad input, and queries that do not grow with the projects."""

import pytest
from django.urls import reverse

from editorial.models import PublicationStatus
from projects.filters import ProjectFilter
from tests.factories import make_agency, make_outcome, make_project
from tests.querycount import assert_constant_queries

URL = reverse("projects:findings")
pytestmark = pytest.mark.django_db


def test_findings_table_shows_headline_figure_and_its_effect(client):
    project = make_project()
    make_outcome(project, measure="violent crime", value=-22, significance="significant")
    text = client.get(URL).text
    assert "Violent crime:</span> \u221222%" in text
    assert "Improvement" in text


def test_alternate_figures_are_left_to_the_case_study(client):
    project = make_project()
    make_outcome(project, measure="complaints", value=-22, result_key="complaints")
    make_outcome(
        project, measure="complaints (other)", value=-44, result_key="complaints",
        is_headline=False,
    )  # fmt: skip
    # The table shows the headline only; the forest plot above it draws both, the headline marked.
    text = client.get(URL).text
    table = text.split('class="data-table findings-table')[1].split("</table>")[0]
    assert "\u221222%" in table and "\u221244%" not in table


def test_draft_project_is_not_in_the_findings(client):
    make_project(agency=make_agency(name="Hidden PD"), status=PublicationStatus.DRAFT)
    assert "Hidden PD" not in client.get(URL).text


def test_sort_by_site_orders_rows_by_agency(client):
    make_outcome(make_project(agency=make_agency(name="Zeta PD")))
    make_outcome(make_project(agency=make_agency(name="Alpha PD")))
    text = client.get(URL, {"sort": "site"}).text
    assert text.index("Alpha PD") < text.index("Zeta PD")


def test_opens_on_projects_with_results_and_reaches_the_others_by_a_filter(client):
    make_outcome(make_project(agency=make_agency(name="Measured PD")))
    make_project(agency=make_agency(name="Unmeasured PD"))
    text = client.get(URL).text
    assert "Measured PD" in text and "Unmeasured PD" not in text
    assert "Unmeasured PD" in client.get(URL, {"outcomes": "none"}).text
    assert "Unmeasured PD" in client.get(URL, {"outcomes": "any"}).text


def test_opens_most_rigorous_first_then_largest_improvement(client):
    for name, level, value in [
        ("Small effect PD", 4, -5), ("Weak design PD", 2, -60), ("Big effect PD", 4, -30),
    ]:  # fmt: skip
        project = make_project(agency=make_agency(name=name), sms_level=level)
        make_outcome(project, value=value, significance="significant")
    text = client.get(URL).text
    order = [text.index(name) for name in ("Big effect PD", "Small effect PD", "Weak design PD")]
    assert order == sorted(order)


def test_unknown_sort_gets_a_clear_message(client):
    response = client.get(URL, {"sort": "bogus"})
    assert response.status_code == 400
    assert "Sort by “bogus” was ignored" in response.text


def test_query_count_does_not_grow_with_projects(client):
    def grow(n):
        for _ in range(n):
            make_outcome(make_project())

    assert_constant_queries(client, URL, grow)


def test_facet_counts_leave_the_sort_out(client, monkeypatch):
    """Sorting by rigor works out each project's best result; a count needs no order, so the
    sort is applied once, to the table, and to none of the facet counts, which are those of
    the unsorted table."""
    for value in (-30, -5):
        make_outcome(make_project(sms_level=5), value=value, significance="significant")
    sorts = []
    sort_by = ProjectFilter.sort_by

    def counted(self, queryset, name, value):
        sorts.append(value)
        return sort_by(self, queryset, name, value)

    monkeypatch.setattr(ProjectFilter, "sort_by", counted)
    sorted_page = client.get(URL, {"sort": "rigor"})
    assert sorts == ["rigor"]
    newest = client.get(URL, {"sort": "newest"})
    assert [
        (g.name, [(o.value, o.count) for o in g.options]) for g in sorted_page.context["facets"]
    ] == [(g.name, [(o.value, o.count) for o in g.options]) for g in newest.context["facets"]]
