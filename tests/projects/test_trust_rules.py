"""The trust rules, one at a time: titles only from sources, figures of the award, ratings with
reasons, notes kept private, findings matched by outcomes, thin records said plainly."""

import copy
import json

import pytest
from django.urls import reverse

from editorial.models import PublicationStatus
from projects.exchange.exporter import export_projects
from projects.exchange.importer import Importer
from projects.models import Project, SlugRedirect
from projects.models.projects import unmatched_percentages
from tests.admin_forms import form_data
from tests.factories import (
    make_agency,
    make_complete_project,
    make_crime_problem,
    make_outcome,
    make_project,
    make_source,
    make_staff,
    make_strategy,
)

pytestmark = pytest.mark.django_db


def page(client, project) -> str:
    return client.get(project.get_absolute_url()).text


# Titles


def test_a_project_without_a_source_title_gets_a_labelled_portal_headline(client):
    project = make_project(
        title="",
        strategies=[make_strategy(name="Foot patrol")],
        crime_problems=[make_crime_problem(name="Violent crime")],
    )
    assert project.portal_headline == "Foot patrol against violent crime"
    text = page(client, project)
    assert "<h1>Foot patrol against violent crime</h1>" in text
    assert "Portal headline" in text


def test_an_editors_headline_wins_over_the_built_one():
    project = make_project(title="", headline="Walking beats in Newhallville")
    assert project.display_title == "Walking beats in Newhallville"
    assert project.title_kind == "portal"


def test_the_award_title_stands_in_for_a_missing_profile_title(client):
    project = make_project(title="", award_title="Body Cameras Evaluation Project")
    assert project.title_kind == "award"
    assert "The title of the BJA award" in page(client, project)


@pytest.mark.parametrize("fmt", ["bib", "ris"])
def test_a_citation_never_names_the_portal_headline(client, fmt):
    project = make_project(title="", headline="Walking beats in Newhallville")
    citation = client.get(reverse("projects:cite", args=[project.slug, fmt])).text
    assert "Walking beats" not in citation
    assert f"{project.agency.name}, Smart Policing Initiative award (2011)" in citation


def test_downloads_and_feed_carry_only_a_source_title(client):
    project = make_project(title="", headline="Walking beats in Newhallville")
    row = json.loads(client.get("/data/projects.json").getvalue())["projects"][0]
    assert row["title"] is None
    assert "Walking beats" not in client.get(reverse("feed")).getvalue().decode()
    assert export_projects(Project.objects.filter(pk=project.pk))[0]["title"] is None


# Facts of the award


def test_the_page_shows_the_awards_population_not_the_agencys(client):
    agency = make_agency(population=229_931)
    project = make_project(agency=agency, population=255_080)
    text = page(client, project)
    assert "255,080 residents" in text and "229,931" not in text


def test_import_keeps_each_awards_own_size_and_the_agency_the_newest():
    base = {
        "agency": "Glendale Police Department", "city": "Glendale", "state": "AZ",
        "summary": "Glendale.", "sources": ["https://example.org/glendale"],
    }  # fmt: skip
    records = [
        base | {"award_year": 2009, "population": 255080, "area_sq_mi": 59.98},
        base | {"award_year": 2011, "population": 229931, "area_sq_mi": 59.98},
    ]
    assert Importer().run(copy.deepcopy(records)).ok
    by_year = {p.cohort_year: p for p in Project.objects.select_related("agency")}
    assert (by_year[2009].population, by_year[2011].population) == (255080, 229931)
    assert by_year[2009].agency.population == 229931
    exported = {r["award_year"]: r for r in export_projects(Project.objects.all())}
    assert exported[2009]["population"] == 255080


# Ratings


def test_a_rating_without_its_reason_cannot_be_published():
    project = make_complete_project(design="rct", sms_level=5)
    assert project.publish_problems() == [
        "The design needs a reason and the source it rests on.",
        "The Maryland Scientific Methods Scale needs a reason and the source it rests on.",
    ]
    source = project.sources.get()
    project.design_rationale, project.design_source = "Officers were randomized.", source
    project.sms_rationale, project.sms_source = "Random assignment.", source
    assert project.publish_problems() == []


def test_the_reason_and_its_source_are_shown_beside_the_rating(client):
    source = make_source(url="https://example.org/findings")
    project = make_project(
        design="quasi_experimental",
        design_rationale="Matched comparison places.",
        design_source=source,
        sms_rationale="The comparison is not described.",
        sms_source=source,
    )
    text = page(client, project)
    assert "Why this rating:</span> Matched comparison places." in text
    assert "Not enough information to rate" in text
    assert 'href="https://example.org/findings"' in text


def test_ratings_and_their_reasons_survive_export_and_import():
    source = make_source(url="https://example.org/findings")
    make_project(
        design="rct",
        design_rationale="Random assignment.",
        design_source=source,
        sms_level=5,
        sms_rationale="Randomized.",
        sms_source=source,
    )
    exported = export_projects(Project.objects.all())
    assert exported[0]["sms_rationale"] == "Randomized."
    assert exported[0]["design_source"] == "https://example.org/findings"
    Project.objects.all().delete()
    assert Importer().run(copy.deepcopy(exported)).ok
    assert export_projects(Project.objects.all()) == exported


# Notes and caveats


def test_editors_notes_stay_off_the_page_and_caveats_are_shown(client):
    project = make_project(notes="Year inferred from the profile address.", caveats="Thin.")
    text = page(client, project)
    assert "Year inferred" not in text
    assert '<h2 id="caveats-title">Caveats</h2>' in text


# Findings and outcomes


@pytest.mark.parametrize(
    ("findings", "unmatched"),
    [
        ("Violent crime fell 17%.", []),
        ("Violent crime fell 17.3% in another report.", ["17.3%"]),
        ("Context: the abstract gives 17.3%.", []),
        ("- **Context:** the abstract gives 17.3%.", []),
        ("Only about 20-29% of encounters were recorded.", []),
        ("Property crime fell 16 to 19 percent.", ["16 to 19 percent"]),
    ],
)
def test_percentages_in_findings_must_be_an_outcome_or_context(findings, unmatched):
    project = make_project()
    make_outcome(project, value=-17)
    make_outcome(project, measure="recording", value=None, note="about 20-29% recorded")
    assert unmatched_percentages(findings, project.outcomes.all()) == unmatched


def test_outcome_notes_and_qualifiers_are_shown_in_the_table(client):
    project = make_project(findings="Calls fell at most stores.")
    make_outcome(project, value=None, direction="decrease", note="significant at 3 of 6 stores")
    assert "Significant at 3 of 6 stores" in page(client, project)


def test_saving_warns_about_a_figure_no_outcome_carries(client):
    client.force_login(make_staff("Publisher"))
    project = make_complete_project(findings="Robbery fell 40%.")
    url = reverse("admin:projects_project_change", args=[project.pk])
    response = client.post(url, form_data(client.get(url)), follow=True)
    messages = [str(m) for m in response.context["messages"]]
    assert any("mention 40%, which no outcome row shows" in m for m in messages)


# Thin records


def test_a_thin_record_is_labelled_sorted_last_and_not_counted(client):
    complete = make_project(cohort_year=2009)
    thin = make_project(cohort_year=2023, response="")
    listing = client.get(reverse("projects:list")).text
    assert listing.index(complete.get_absolute_url()) < listing.index(thin.get_absolute_url())
    assert "Profile incomplete" in listing
    text = page(client, thin)
    assert "Profile incomplete" in text and "Outcomes as CSV" not in text
    assert "<dt>Case studies</dt><dd>1</dd>" in client.get(reverse("home")).text


def test_an_outcome_makes_a_record_complete():
    project = make_project(response="")
    make_outcome(project)
    assert Project.objects.complete().get() == project


# Identity changes


def test_a_record_that_replaces_another_updates_it_in_place():
    old = {
        "agency": "Madison Police Department (presumed)", "city": "Madison", "state": "WI",
        "summary": "A site.", "sources": ["https://example.org/a"],
    }  # fmt: skip
    assert Importer(publish=True).run([copy.deepcopy(old)]).ok
    new = old | {
        "agency": "Madison Police Department",
        "award_year": 2016,
        "replaces": {"agency": old["agency"], "award_year": None},
    }
    report = Importer().run([copy.deepcopy(new)])
    assert report.updated == ["Madison Police Department 2016"]
    project = Project.objects.get()
    assert (project.agency.name, project.slug) == ("Madison Police Department", "madison-wi-2016")
    assert project.status == PublicationStatus.PUBLISHED
    assert SlugRedirect.objects.get(old_slug="madison-wi").project == project
    assert Importer().run([copy.deepcopy(new)]).unchanged == ["Madison Police Department 2016"]


def test_replaces_must_name_an_agency():
    report = Importer().run([{"agency": "A PD", "state": "WI", "replaces": {"award_year": 2016}}])
    assert str(report.errors[0]).endswith("replaces.agency: is required")
