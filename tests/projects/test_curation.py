"""Taxonomy curation: the imported strategies and crime types the taxonomy does not know are
shown and searchable until an editor maps them, in the admin, onto a term; a Publisher can
undo a mapping."""

import copy
import json

import pytest
from django.conf import settings
from django.urls import reverse

from editorial.revisions import revisions_of
from projects.curation import create_term, find_unmapped, map_term, undo_mapping, unmapped_terms
from projects.exchange.importer import Importer
from projects.exchange.taxonomy import load_taxonomy, load_terms
from projects.models import CrimeProblem, Project, Strategy, TermMapping
from tests.factories import (
    make_agency,
    make_crime_problem,
    make_project,
    make_staff,
    make_strategy,
)

pytestmark = pytest.mark.django_db

PAGE = "admin:projects_project_unmapped_terms"


@pytest.fixture
def diversion():
    """Two projects holding one unmapped strategy, worded two ways, and a known strategy."""
    first = make_project(
        agency=make_agency(name="Alpha Police Department"),
        unmapped_terms={"strategies": ["Pre-arrest diversion"]},
    )
    second = make_project(
        agency=make_agency(name="Beta Police Department"),
        unmapped_terms={
            "strategies": ["pre arrest diversion"],
            "crime_types": ["opioid overdoses"],
        },
    )
    target = make_strategy(name="Diversion", slug="diversion")
    return first, second, target


def test_unmapped_terms_are_listed_once_with_every_project_holding_them(diversion):
    first, second, _target = diversion
    terms = unmapped_terms()
    assert [(t.kind, t.term, len(t.projects)) for t in terms] == [
        ("strategies", "Pre-arrest diversion", 2),
        ("crime_types", "opioid overdoses", 1),
    ]
    assert set(terms[0].projects) == {first, second}


def test_mapping_a_term_makes_it_a_synonym_and_remaps_every_project(diversion):
    first, second, target = diversion
    versions = {p.pk: p.version for p in (first, second)}
    count = map_term(find_unmapped("strategies", "pre-arrest diversion"), target)
    assert count == 2
    target.refresh_from_db()
    assert target.synonyms == ["Pre-arrest diversion"]
    for project in (first, second):
        project.refresh_from_db()
        assert list(project.strategies.all()) == [target]
        assert project.unmapped_strategies == []
        assert project.version == versions[project.pk] + 1
        assert "mapped to strategy “Diversion”" in revisions_of(project).first().note
    second.refresh_from_db()
    assert second.unmapped_terms == {"crime_types": ["opioid overdoses"]}
    assert [t.term for t in unmapped_terms()] == ["opioid overdoses"]


def test_a_mapped_term_maps_by_itself_on_the_next_import(diversion):
    _first, _second, target = diversion
    map_term(find_unmapped("strategies", "Pre-arrest diversion"), target)
    record = {"agency": "Madison PD", "state": "WI", "summary": "x"}
    report = Importer().run(copy.deepcopy([record | {"strategies": ["pre-arrest diversion"]}]))
    assert not report.unmapped
    assert list(Project.objects.get(agency__name="Madison PD").strategies.all()) == [target]


def test_a_term_maps_only_onto_its_own_kind(diversion):
    with pytest.raises(ValueError):
        map_term(find_unmapped("strategies", "Pre-arrest diversion"), make_crime_problem())


def test_a_new_term_can_be_made_from_an_unmapped_one(diversion):
    term = create_term(
        find_unmapped("crime_types", "opioid overdoses"), "Overdoses", "Fatal and non-fatal."
    )
    assert isinstance(term, CrimeProblem)
    assert (term.slug, term.synonyms) == ("overdoses", ["opioid overdoses"])
    assert list(diversion[1].crime_problems.all()) == [term]


def test_reloading_the_taxonomy_keeps_the_synonyms_editors_added(diversion):
    _first, _second, target = diversion
    map_term(find_unmapped("strategies", "Pre-arrest diversion"), target)
    load_terms(Strategy, [{"name": "Diversion", "slug": "diversion", "synonyms": ["deflection"]}])
    target.refresh_from_db()
    assert target.synonyms == ["deflection", "Pre-arrest diversion"]


def test_the_case_study_shows_unmapped_terms_as_not_yet_classified(client, diversion):
    first, _second, target = diversion
    text = client.get(first.get_absolute_url()).text
    assert 'Pre-arrest diversion <span class="meta">(not yet classified)</span>' in text
    map_term(find_unmapped("strategies", "Pre-arrest diversion"), target)
    text = client.get(first.get_absolute_url()).text
    assert "not yet classified" not in text
    assert f'href="{target.get_absolute_url()}">Diversion</a>' in text


def test_an_editor_sees_the_terms_with_their_projects(client, diversion):
    client.force_login(make_staff("Editor"))
    response = client.get(reverse(PAGE))
    assert response.status_code == 200
    assert "Pre-arrest diversion" in response.text
    assert reverse("admin:projects_project_change", args=[diversion[0].pk]) in response.text
    assert f'<option value="{diversion[2].pk}">Diversion</option>' in response.text


def test_an_editor_maps_a_term(client, diversion):
    first, _second, target = diversion
    client.force_login(make_staff("Editor"))
    data = {"action": "map", "kind": "strategies", "term": "Pre-arrest diversion"}
    response = client.post(reverse(PAGE), data | {"target": target.pk}, follow=True)
    assert response.redirect_chain == [(reverse(PAGE), 302)]
    assert "2 projects re-mapped" in response.text
    assert list(first.strategies.all()) == [target]


def test_an_editor_makes_a_new_term(client, diversion):
    client.force_login(make_staff("Editor"))
    data = {"action": "create", "kind": "crime_types", "term": "opioid overdoses"}
    client.post(reverse(PAGE), data | {"name": "Overdoses", "description": "Overdoses."})
    assert list(diversion[1].crime_problems.values_list("name", flat=True)) == ["Overdoses"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"action": "map", "kind": "strategies", "term": "nothing"}, "any more"),
        ({"action": "map", "kind": "strategies", "term": "Pre-arrest diversion"}, "Choose a"),
        ({"action": "map", "kind": "nonsense", "term": "Pre-arrest diversion"}, "valid choice"),
        (
            {"action": "create", "kind": "strategies", "term": "Pre-arrest diversion",
             "name": "DIVERSION", "description": "x"},
            "already a strategy named",
        ),
    ],
)  # fmt: skip
def test_a_bad_request_changes_nothing_and_says_why(client, diversion, data, message):
    client.force_login(make_staff("Editor"))
    response = client.post(reverse(PAGE), data, follow=True)
    assert response.status_code == 200
    assert message in response.text
    assert len(unmapped_terms()) == 2
    assert Strategy.objects.count() == 1


def test_an_unknown_action_is_a_bad_request(client, diversion):
    client.force_login(make_staff("Editor"))
    assert client.post(reverse(PAGE), {"action": "delete"}).status_code == 400


def test_staff_without_the_editor_role_may_not_map(client, diversion):
    client.force_login(make_staff())
    assert client.get(reverse(PAGE)).status_code == 403
    data = {"action": "map", "kind": "strategies", "term": "Pre-arrest diversion"}
    assert client.post(reverse(PAGE), data | {"target": diversion[2].pk}).status_code == 403
    assert len(unmapped_terms()) == 2


@pytest.mark.parametrize(
    ("kind", "wording", "slug"),
    [
        ("crime_types", "Part I and Part II crimes", "crime-and-disorder-general"),
        ("crime_types", "quality-of-life offenses (disorderly conduct, loitering)", "disorder"),
        # "Drugs" names no drug market, place network investigations are not POP, and opioid
        # addiction is not prescription drug abuse: each maps to the term it names.
        ("crime_types", "drugs", "drug-crime"),
        ("crime_types", "drug dealing", "drug-markets"),
        ("crime_types", "opioid addiction", "addiction-and-overdoses"),
        ("strategies", "place network investigations", "place-network-investigations"),
        ("strategies", "place-based policing", "place-based-policing"),
        ("strategies", "officer training", "officer-training"),
        ("strategies", "Behavioral Health Response Team (police-clinician co-response)",
         "social-service-outreach-and-prevention"),
    ],
)  # fmt: skip
def test_real_spi_wording_maps_onto_the_shipped_taxonomy(kind, wording, slug):
    load_taxonomy(json.loads((settings.BASE_DIR / "fixtures" / "taxonomy.json").read_text()))
    record = {"agency": "Some PD", "state": "NC", "summary": "x", kind: [wording]}
    report = Importer().run([record])
    assert not report.unmapped
    project = Project.objects.get()
    terms = project.strategies if kind == "strategies" else project.crime_problems
    assert list(terms.values_list("slug", flat=True)) == [slug]


def test_undoing_a_mapping_takes_back_what_it_added(diversion):
    first, second, target = diversion
    second.strategies.add(target)
    map_term(find_unmapped("strategies", "pre-arrest diversion"), target)
    undo_mapping(TermMapping.objects.get(), None)
    target.refresh_from_db()
    assert target.synonyms == []
    first.refresh_from_db()
    assert list(first.strategies.all()) == []
    assert first.unmapped_strategies == ["Pre-arrest diversion"]
    # A link the project had before the mapping stays.
    assert list(second.strategies.all()) == [target]
    assert "Undid the mapping" in revisions_of(first).first().note


def test_a_publisher_undoes_a_mapping_from_the_page(client, diversion):
    first, _second, target = diversion
    map_term(find_unmapped("strategies", "pre-arrest diversion"), target)
    client.force_login(make_staff("Publisher"))
    page = client.get(reverse(PAGE)).text
    assert "Undo “Pre-arrest diversion”" in page
    mapping = TermMapping.objects.get()
    response = client.post(reverse(PAGE), {"action": "undo", "mapping": mapping.pk}, follow=True)
    assert "hold it unmapped again" in response.text
    first.refresh_from_db()
    assert first.unmapped_strategies == ["Pre-arrest diversion"]


def test_an_editor_cannot_undo_a_mapping(client, diversion):
    _first, _second, target = diversion
    map_term(find_unmapped("strategies", "pre-arrest diversion"), target)
    client.force_login(make_staff("Editor"))
    assert "Undo “" not in client.get(reverse(PAGE)).text
    mapping = TermMapping.objects.get()
    assert client.post(reverse(PAGE), {"action": "undo", "mapping": mapping.pk}).status_code == 403
    assert TermMapping.objects.get().undone_at is None
