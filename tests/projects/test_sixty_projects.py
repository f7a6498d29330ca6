"""The 60-project facts load: the twelve new awards are published with a case study, the nine
corrected records are updated in place at their old addresses, and the other clearinghouses'
ratings are imported and exported."""

import pytest

from projects.exchange.exporter import export_projects
from projects.models import ExternalRating, Project

pytestmark = pytest.mark.django_db

NEW = [
    "phoenix-az-2019", "newark-nj-2017", "reno-nv-2018", "st-louis-county-mo-2020",
    "salisbury-nc-2019", "toledo-oh-2014", "baton-rouge-la-2019", "indianapolis-in-2023",
    "suffolk-county-ny-2021", "saginaw-mi-2019", "peoria-il-2020", "charleston-sc",
]  # fmt: skip


BOSTON_TITLE = "Evaluating a Place-Based Intervention to Reduce Violent Crime"


@pytest.fixture(scope="module")
def loaded(real_data):
    """The real content, loaded once for the module."""


@pytest.mark.parametrize("slug", NEW)
def test_each_new_award_is_published_with_a_case_study(loaded, slug):
    project = Project.objects.published().get(slug=slug)
    assert project.summary and project.summary != project.source_summary
    assert project.publish_problems() == []


def test_the_award_of_unknown_year_says_so(loaded):
    charleston = Project.objects.get(slug="charleston-sc")
    assert charleston.cohort_year is None
    assert "year and amount" in charleston.summary and "not known" in charleston.summary


@pytest.mark.parametrize(
    ("slug", "field", "value"),
    [
        ("boston-ma-2009", "title", BOSTON_TITLE),
        ("boston-ma-2009", "population", 624222),
        ("los-angeles-ca-2009", "award_amount", None),
        ("los-angeles-ca-2014", "award_amount", 899959),
        ("philadelphia-pa-2009", "award_number", "2009-DG-BX-0037"),
        ("lowell-ma-2010", "design", "quasi_experimental"),
    ],
)  # fmt: skip
def test_the_corrected_records_are_updated_in_place(loaded, slug, field, value):
    assert getattr(Project.objects.get(slug=slug), field) == value


@pytest.mark.parametrize(
    ("slug", "partner"),
    [
        ("phoenix-az-2015", "Arizona State University"),
        ("miami-fl-2014", "Florida International University"),
        ("miami-fl-2019", "Florida International University"),
        ("winston-salem-nc-2020", "University of North Carolina at Greensboro"),
    ],
)
def test_the_research_partners_found_are_on_their_projects(loaded, slug, partner):
    project = Project.objects.get(slug=slug)
    assert partner in [p.name for p in project.research_partners.all()]
    assert "not named" not in project.research_design


def test_the_other_clearinghouses_ratings_are_imported_and_exported(loaded):
    assert ExternalRating.objects.count() == 10
    assert ExternalRating.objects.values("project").distinct().count() == 5
    exported = export_projects(Project.objects.filter(slug="philadelphia-pa-2009"))
    assert len(exported[0]["external_ratings"]) == 5
