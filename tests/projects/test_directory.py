"""The agency and research-partner directories: the map, text lists beside it, records with
only draft projects hidden, and queries that do not grow with the records."""

import pytest
from django.urls import reverse

from editorial.models import PublicationStatus
from projects.models import Researcher
from tests.factories import make_agency, make_partner, make_project
from tests.querycount import assert_constant_queries

pytestmark = pytest.mark.django_db


def test_agency_map_places_a_named_link_per_agency(client):
    agency = make_agency(name="Phoenix PD", latitude=33.45, longitude=-112.07)
    make_project(agency=agency)
    text = client.get(reverse("projects:agency-list")).text
    assert f'<a href="{agency.get_absolute_url()}" aria-label="Phoenix PD, ' in text
    assert '<g transform="translate(' in text and '<circle r="18">' in text
    assert '<g class="map-layer map-layer-narrow">' in text and '<circle r="38">' in text


def test_agencies_at_one_place_sit_on_a_ring_each_with_its_link(client):
    phoenix = make_agency(name="Phoenix PD", latitude=33.45, longitude=-112.07)
    glendale = make_agency(name="Glendale PD", latitude=33.54, longitude=-112.19)
    far = make_agency(name="Boston PD", latitude=42.36, longitude=-71.06)
    for agency in (phoenix, glendale, far):
        make_project(agency=agency)
    response = client.get(reverse("projects:agency-list"))
    for layer in response.context["agency_map"].layers:
        (shared,) = layer.shared_places
        assert {m.agency.name for m in shared.markers} == {"Phoenix PD", "Glendale PD"}
    drawn = response.text.split('<svg class="us-map"')[1].split("</svg>")[0]
    for agency in (phoenix, glendale, far):
        # Once in each layer (wide and narrow screens).
        assert drawn.count(f'<a href="{agency.get_absolute_url()}"') == 2


def test_agency_list_has_a_text_list_beside_the_map(client):
    make_project(agency=make_agency(name="Phoenix PD", state="AZ"))
    text = client.get(reverse("projects:agency-list")).text
    assert '<h3 class="state-name">Arizona</h3>' in text


def test_agency_without_location_is_named_under_the_map(client):
    make_project(agency=make_agency(name="Nowhere PD", latitude=None, longitude=None))
    text = client.get(reverse("projects:agency-list")).text
    assert "Not on the map (no location known)" in text


def test_agency_with_only_draft_projects_is_hidden(client):
    agency = make_agency(name="Draft-only PD")
    make_project(agency=agency, status=PublicationStatus.DRAFT)
    assert "Draft-only PD" not in client.get(reverse("projects:agency-list")).text
    assert client.get(agency.get_absolute_url()).status_code == 404


def test_agency_detail_lists_published_projects_only(client):
    agency = make_agency()
    make_project(agency=agency, title="Open project", cohort_year=2012)
    make_project(agency=agency, title="Closed project", cohort_year=2013, status="draft")
    text = client.get(agency.get_absolute_url()).text
    assert "Open project" in text
    assert "Closed project" not in text
    assert "<dd>1</dd>" in text


def test_agency_list_query_count_does_not_grow(client):
    def grow(n):
        for _ in range(n):
            make_project()

    assert_constant_queries(client, reverse("projects:agency-list"), grow)


def test_partner_directory_lists_researchers_agencies_and_projects(client):
    partner = make_partner(name="Arizona State University")
    Researcher.objects.create(name="Michael D. White", slug="white", partner=partner)
    project = make_project(agency=make_agency(name="Phoenix PD"))
    project.research_partners.set([partner])
    text = client.get(reverse("projects:partner-list")).text
    assert "Arizona State University" in text
    assert "Michael D. White" in text
    assert "Phoenix PD" in text


def test_partner_with_only_draft_projects_is_hidden(client):
    partner = make_partner(name="Hidden University")
    make_project(status=PublicationStatus.DRAFT).research_partners.set([partner])
    assert "Hidden University" not in client.get(reverse("projects:partner-list")).text
    assert client.get(partner.get_absolute_url()).status_code == 404


def test_partner_detail_shows_its_researchers_and_agencies(client):
    partner = make_partner(name="Temple University")
    person = Researcher.objects.create(name="Jerry Ratcliffe", slug="ratcliffe", partner=partner)
    project = make_project(agency=make_agency(name="Philadelphia PD"))
    project.research_partners.set([partner])
    project.researchers.set([person])
    text = client.get(partner.get_absolute_url()).text
    assert "Jerry Ratcliffe" in text and "Philadelphia PD" in text


def test_partner_list_query_count_does_not_grow(client):
    def grow(n):
        for _ in range(n):
            partner = make_partner()
            Researcher.objects.create(
                name=f"Person {partner.pk}", slug=f"person-{partner.pk}", partner=partner
            )
            make_project().research_partners.set([partner])

    assert_constant_queries(client, reverse("projects:partner-list"), grow)
