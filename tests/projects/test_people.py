"""Research partners and researchers recorded once: matching on import, the duplicate finder,
and merging two records."""

import copy

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from editorial.models import AuditEvent
from editorial.revisions import revisions_of
from projects.exchange.importer import Importer, partner_name_and_department
from projects.exchange.validation import split_research_partners
from projects.models import (
    PartnerRedirect,
    Project,
    Researcher,
    ResearchPartner,
    institution_key,
    person_key,
)
from projects.people import likely_duplicates, merge
from tests.factories import make_partner, make_project

pytestmark = pytest.mark.django_db


def record(**overrides) -> dict:
    return {
        "agency": "Los Angeles Police Department",
        "city": "Los Angeles",
        "state": "CA",
        "award_year": 2009,
        "research_partner": "Justice and Security Strategies, Inc. (JSS)",
        "researchers": ["Craig D. Uchida"],
        "summary": "Operation LASER.",
        "sources": ["https://www.smart-policing.com/spi-sites/los-angeles-california-2009"],
    } | overrides


def run(*records):
    return Importer().run(copy.deepcopy(list(records)))


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Justice & Security Strategies, Inc.", "Justice and Security Strategies, Inc. (JSS)"),
        ("The Urban Institute", "Urban Institute"),
        ("Univ. of Cincinnati", "University of Cincinnati"),
        ("ARIZONA STATE UNIVERSITY", "Arizona State University"),
    ],
)
def test_one_institution_however_it_is_written(first, second):
    assert institution_key(first) == institution_key(second)


@pytest.mark.parametrize(
    ("first", "second"),
    [("David Choate", "David E. Choate"), ("Dr. Jerry H. Ratcliffe", "jerry ratcliffe")],
)
def test_one_person_however_the_name_is_written(first, second):
    assert person_key(first) == person_key(second)


def test_different_campuses_and_people_stay_apart():
    assert institution_key("California State University, Chico") != institution_key(
        "California State University, Sacramento"
    )
    assert person_key("Rachel Santos") != person_key("Roberto Santos")


def test_partners_are_split_only_at_a_semicolon_outside_parentheses():
    text = (
        "Washington State University (Washington State Institute for Criminal Justice; "
        "Dept. of Criminal Justice and Criminology); University of Idaho"
    )
    assert split_research_partners(text) == [
        "Washington State University (Washington State Institute for Criminal Justice; "
        "Dept. of Criminal Justice and Criminology)",
        "University of Idaho",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Temple University, Department of Criminal Justice (Center for Security)",
            ("Temple University", "Department of Criminal Justice"),
        ),
        (
            "University of Texas at San Antonio (Department of Criminology and Criminal Justice)",
            (
                "University of Texas at San Antonio",
                "Department of Criminology and Criminal Justice",
            ),
        ),
        ("Harvard University (Anthony Braga, per testimony)", ("Harvard University", "")),
        (
            "California State University, Chico (evaluators)",
            ("California State University, Chico", ""),
        ),
    ],
)
def test_department_comes_from_a_comma_or_parentheses_and_other_notes_are_dropped(text, expected):
    assert partner_name_and_department(text) == expected


def test_importing_a_partner_written_with_and_then_ampersand_makes_one_partner():
    run(record())
    run(record(research_partner="Justice & Security Strategies, Inc."))
    assert ResearchPartner.objects.count() == 1
    assert Project.objects.get().research_partners.get().name == (
        "Justice and Security Strategies, Inc."
    )


def test_importing_a_researcher_with_and_without_middle_initial_makes_one_researcher():
    run(
        record(researchers=["David Choate"]),
        record(award_year=2011, researchers=["David E. Choate"]),
    )
    assert Researcher.objects.count() == 1
    assert Researcher.objects.get().projects.count() == 2


def test_a_partner_named_again_with_its_department_gains_the_department():
    run(record(research_partner="Temple University"))
    run(
        record(
            award_year=2011, research_partner="Temple University, Department of Criminal Justice"
        )
    )
    partner = ResearchPartner.objects.get()
    assert (partner.name, partner.department) == (
        "Temple University",
        "Department of Criminal Justice",
    )


def test_a_project_shows_a_partners_department_only_where_its_facts_name_it():
    run(record(research_partner="Temple University"))
    run(
        record(
            award_year=2011, research_partner="Temple University, Department of Criminal Justice"
        )
    )
    labels = {
        p.cohort_year: [label for _partner, label in p.partner_labels]
        for p in Project.objects.all()
    }
    assert labels == {
        2009: ["Temple University"],
        2011: ["Temple University, Department of Criminal Justice"],
    }


def test_a_researcher_is_placed_at_a_partner_only_where_the_facts_pair_them():
    run(
        record(research_partner="New York University; University of Nevada, Las Vegas"),
        record(award_year=2011, research_partner="Temple University", researchers=["Jane Roe"]),
    )
    assert Researcher.objects.get(name="Craig D. Uchida").partner is None
    assert str(Researcher.objects.get(name="Jane Roe").partner) == "Temple University"


def test_a_department_with_a_semicolon_survives_export_and_import(tmp_path):
    text = "Washington State University (Institute for Criminal Justice; Dept. of Criminology)"
    run(record(research_partner=text))
    out = tmp_path / "out.json"
    call_command("export_projects", str(out))
    Project.objects.all().delete()
    ResearchPartner.objects.all().delete()
    call_command("import_projects", str(out))
    assert list(ResearchPartner.objects.values_list("name", "department")) == [
        ("Washington State University", "Institute for Criminal Justice; Dept. of Criminology")
    ]


def test_duplicates_are_listed_by_normalised_name_and_by_close_spelling():
    make_partner(name="Justice & Security Strategies")
    make_partner(name="Justice and Security Strategies")
    make_partner(name="Rochester Institute of Technolgy")
    make_partner(name="Rochester Institute of Technology")
    make_partner(name="Suffolk University")
    reasons = sorted((str(pair.first), pair.reason) for pair in likely_duplicates(ResearchPartner))
    assert [name for name, _ in reasons] == [
        "Justice & Security Strategies",
        "Rochester Institute of Technolgy",
    ]
    assert reasons[0][1] == "same name once normalised"


@pytest.fixture
def two_temples():
    old = make_partner(name="Temple University", slug="temple-university")
    new = make_partner(
        name="Temple University", department="Department of Criminal Justice", slug="temple"
    )
    person = Researcher.objects.create(name="Jerry H. Ratcliffe", slug="ratcliffe", partner=old)
    project = make_project()
    project.research_partners.set([old])
    project.researchers.set([person])
    return old, new, project


def test_merging_partners_moves_every_link_and_the_old_address_redirects(client, two_temples):
    old, new, project = two_temples
    old_url = old.get_absolute_url()
    version = project.version
    merge(old, new)
    assert not ResearchPartner.objects.filter(pk=old.pk).exists()
    assert list(project.research_partners.all()) == [new]
    assert Researcher.objects.get().partner == new
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == new.get_absolute_url()
    project.refresh_from_db()
    assert project.version == version + 1
    assert "merged into" in revisions_of(project).first().note
    assert AuditEvent.objects.get(object_repr="Temple University").detail.startswith("merged")


def test_merging_keeps_the_better_name_whichever_record_is_kept():
    old = make_partner(name="Justice and Security Strategies, Inc.", slug="jss")
    new = make_partner(name="Justice & Security Strategies", slug="jss-2")
    merge(old, new)
    assert ResearchPartner.objects.get().name == "Justice and Security Strategies, Inc."
    assert ResearchPartner.objects.get().slug == "jss-2"


def test_merging_researchers_keeps_the_fuller_name():
    short = Researcher.objects.create(name="David Choate", slug="david-choate")
    full = Researcher.objects.create(name="David E. Choate", slug="david-e-choate")
    project = make_project()
    project.researchers.set([short])
    merge(full, short)
    assert list(project.researchers.values_list("name", flat=True)) == ["David E. Choate"]


def test_merge_command_merges_by_slug(two_temples, capsys):
    call_command("merge_people", "partner", "temple-university", "temple")
    assert list(ResearchPartner.objects.values_list("slug", flat=True)) == ["temple"]


@pytest.mark.parametrize(
    "args",
    [("partner", "nobody", "temple"), ("partner", "temple", "temple"), ("researcher", "temple")],
)
def test_merge_command_refuses_unknown_or_missing_records(two_temples, args):
    with pytest.raises(CommandError):
        call_command("merge_people", *args)
    assert ResearchPartner.objects.count() == 2


def test_merge_command_lists_and_merges_every_same_name_group(two_temples, capsys):
    call_command("merge_people", "list")
    assert "temple-university" in capsys.readouterr().out
    call_command("merge_people", "same-name", "--dry-run")
    assert ResearchPartner.objects.count() == 2
    call_command("merge_people", "same-name")
    assert ResearchPartner.objects.count() == 1


def test_the_admin_refuses_a_second_record_of_a_known_partner(admin_client):
    make_partner(name="Justice and Security Strategies, Inc.")
    response = admin_client.post(
        reverse("admin:projects_researchpartner_add"),
        {
            "name": "Justice & Security Strategies",
            "slug": "jss-again",
            "researchers-TOTAL_FORMS": 0,
            "researchers-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 200
    assert "already recorded" in response.text
    assert ResearchPartner.objects.count() == 1


def test_reloading_the_content_merges_partners_recorded_twice_before_names_were_matched():
    call_command("load_portal_data", "--no-index", verbosity=0)
    kept = ResearchPartner.objects.get(name="Temple University")
    twin = make_partner(name="Temple University", slug="temple-twin")
    make_project().research_partners.set([twin])
    call_command("load_portal_data", "--no-index", verbosity=0)
    assert list(ResearchPartner.objects.filter(name="Temple University")) == [kept]
    assert PartnerRedirect.objects.filter(old_slug="temple-twin", partner=kept).exists()
