"""One name: each project is called by ``Project.name`` on its page, its card, the findings
table, search, lessons, citations, the feed and the forest plot, and two awards of one agency
with the same title never share a name."""

import pytest
from django.urls import reverse

from search.documents import documents_for, key_for
from tests.factories import make_agency, make_lesson, make_outcome, make_project, make_strategy

pytestmark = pytest.mark.django_db

TITLE = "Evaluating Policing Approaches and Institutionalizing Smart Policing"


@pytest.fixture
def siblings():
    agency = make_agency(name="Philadelphia Police Department")
    strategy = make_strategy()
    made = [
        make_project(agency=agency, cohort_year=year, title=TITLE, strategies=[strategy])
        for year in (2012, 2014)
    ]
    for project in made:
        make_outcome(project)
    return made


def test_siblings_with_one_title_have_distinct_names(siblings):
    names = [p.name for p in siblings]
    assert names == [
        f"Philadelphia Police Department, 2012: {TITLE}",
        f"Philadelphia Police Department, 2014: {TITLE}",
    ]


def test_an_untitled_project_is_named_by_agency_and_year_not_the_portal_headline():
    project = make_project(title="", headline="Foot patrol in violent hot spots", cohort_year=2009)
    assert project.name == f"{project.agency.name}, 2009"
    assert str(project) == project.name


def test_every_surface_uses_the_one_name(client, siblings):
    project = siblings[0]
    lesson = make_lesson()
    lesson.projects.add(project)
    surfaces = {
        "page": client.get(project.get_absolute_url()).text,
        "list": client.get(reverse("projects:list")).text,
        "findings": client.get(reverse("projects:findings")).text,
        "plot": client.get(project.strategies.get().get_absolute_url()).text,
        "lesson": client.get(lesson.get_absolute_url()).text,
        "bibtex": client.get(reverse("projects:cite", args=[project.slug, "bib"])).text,
        "feed": client.get(reverse("feed")).content.decode(),
    }
    for surface, text in surfaces.items():
        assert project.name in text, surface
    assert f"<h1>{project.name}</h1>" in surfaces["page"]
    key = key_for(project)
    assert documents_for([key])[key].title == project.name
