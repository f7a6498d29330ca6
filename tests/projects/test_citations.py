"""Cite the study: a case study's own citation is CNA/BJA's SPI site profile where the award
has one (dated as the profile is, never "the portal, this year"), and each case study offers
BibTeX, RIS and CSL-JSON of the documents it rests on, copies left out."""

import json

import pytest
from django.urls import reverse
from django.utils import timezone

from projects.models import SourceKind
from tests.factories import make_project, make_source

pytestmark = pytest.mark.django_db


@pytest.fixture
def studied():
    profile = make_source(
        url="https://www.smart-policing.com/spi-sites/exampleton-pa-2012",
        title="Smart Policing Initiative profile: Exampleton, PA (2012)",
        publisher="Smart Policing Initiative",
        kind=SourceKind.SPI_PROFILE,
    )
    report = make_source(
        url="https://www.ojp.gov/pdffiles1/bja/final.pdf",
        title="Exampleton Smart Policing Initiative: Final Report",
        publisher="Exampleton University",
        date="April 2015",
        kind=SourceKind.FINAL_REPORT,
    )
    article = make_source(
        url="https://doi.org/10.1177/example",
        title="Foot patrol in Exampleton",
        publisher="SAGE Publications",
        date="2013",
        kind=SourceKind.ARTICLE,
    )
    copy = make_source(url="https://vdocuments.site/final.html", kind=SourceKind.MIRROR)
    return make_project(title="", sources=[profile, report, article, copy])


def cite(client, name, project, fmt) -> str:
    response = client.get(reverse(name, args=[project.slug, fmt]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_page_citation_is_the_spi_profile_by_cna_for_bja(client, studied):
    ris = cite(client, "projects:cite", studied, "ris")
    assert "AU  - CNA for the Bureau of Justice Assistance" in ris
    assert "TI  - Smart Policing Initiative profile: Exampleton, PA (2012)" in ris
    assert "UR  - https://www.smart-policing.com/spi-sites/exampleton-pa-2012" in ris
    assert f"/sites/{studied.slug}/" in ris  # the portal's summary is named in the note
    assert "PY  -" not in ris  # the profile gives no date; not this year
    assert "Smart Policing Initiative Portal" not in ris.split("N1")[0]


def test_a_project_without_a_profile_is_cited_as_the_portals_page(client):
    project = make_project()
    (item,) = json.loads(cite(client, "projects:cite", project, "csl.json"))
    assert item["author"] == [{"literal": "Smart Policing Initiative Portal"}]
    assert item["URL"].endswith(f"/sites/{project.slug}/")


def test_sources_are_offered_in_every_format_without_copies(client, studied):
    bib = cite(client, "projects:cite-sources", studied, "bib")
    assert "@techreport{" in bib and "year = {2015}" in bib
    assert "@article{" in bib and "year = {2013}" in bib
    assert bib.count("@") == 3  # the profile (the page's citation), the report, the article
    assert "vdocuments" not in bib
    ris = cite(client, "projects:cite-sources", studied, "ris")
    assert ris.count("ER  -") == 3 and "TY  - RPRT" in ris and "TY  - JOUR" in ris
    items = json.loads(cite(client, "projects:cite-sources", studied, "csl.json"))
    assert [i["type"] for i in items] == ["webpage", "report", "article-journal"]
    assert items[1]["issued"] == {"date-parts": [[2015]]}


def test_the_case_study_links_every_citation_file(client, studied):
    page = client.get(studied.get_absolute_url()).text
    for name in ("projects:cite", "projects:cite-sources"):
        for fmt in ("bib", "ris", "csl.json"):
            assert reverse(name, args=[studied.slug, fmt]) in page
    assert f"({timezone.localdate().year})" not in page.split('id="cite-title"')[1]


def test_the_pages_structured_data_says_what_it_is_based_on(client, studied):
    page = client.get(studied.get_absolute_url()).text
    data = json.loads(page.split('<script type="application/ld+json">')[1].split("</script>")[0])
    assert data["isBasedOn"]["url"] == "https://www.smart-policing.com/spi-sites/exampleton-pa-2012"
