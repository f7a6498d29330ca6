"""Sources people can read: a title, what the source is, who published it, and for a copy the
original it copies; each document listed once per project."""

import pytest
from django.core.management.base import CommandError
from django.urls import reverse

from projects.exchange.importer import Importer
from projects.exchange.sources import load_sources
from projects.models import Resource, Source, SourceKind, cited_documents, describe_url
from tests.factories import make_project, make_source
from tests.querycount import assert_constant_queries

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("https://bja.ojp.gov/funding/awards/2012-db-bx-0004", SourceKind.BJA_AWARD),
        (
            "https://www.smart-policing.com/spi-sites/boston-massachusetts-2011",
            SourceKind.SPI_PROFILE,
        ),
        ("http://www.smartpolicinginitiative.com/SPIsites/frisco-texas", SourceKind.SPI_PROFILE),
        ("https://smart-policing.com/tta/spotlight-reports/x", SourceKind.SPOTLIGHT),
        ("https://smart-policing.com/events/april-2013-spi-national-meeting", SourceKind.SPI_PAGE),
        ("https://ojp.gov./ncjrs/virtual-library/abstracts/x", SourceKind.LIBRARY_RECORD),
        ("https://pdfslide.us/documents/phoenix.html", SourceKind.MIRROR),
        ("https://slideplayer.com./slide/7450689", SourceKind.MIRROR),
        ("https://phoenix.legistar.com/LegislationDetail.aspx?ID=1", SourceKind.GOVERNMENT_RECORD),
        ("https://example.org/page", SourceKind.OTHER),
    ],
)
def test_the_kind_of_an_imported_source_comes_from_its_address(url, kind):
    assert describe_url(url)["kind"] == kind


def test_a_source_without_a_title_reads_as_what_it_is_not_as_a_bare_domain():
    source = Source(url="https://www.ojp.gov/x", **describe_url("https://www.ojp.gov/x"))
    assert source.label == "Other (Office of Justice Programs)"
    assert Source(url="https://example.org/x").label == "Other (example.org)"


def test_the_same_page_at_two_spellings_of_its_address_is_cited_once():
    first = make_source(url="https://ojp.gov./library/report")
    second = make_source(url="https://www.ojp.gov/library/report/")
    assert [c.source for c in cited_documents([first, second])] == [first]


def test_a_copy_of_a_cited_original_is_folded_into_the_original():
    original = make_source(title="Final report", kind=SourceKind.LIBRARY_RECORD)
    copy = make_source(url="https://docslib.org/x", kind=SourceKind.MIRROR, copy_of=original)
    news = make_source(title="News", kind=SourceKind.NEWS)
    documents = cited_documents([copy, news, original])
    assert [c.source for c in documents] == [original, news]
    assert documents[0].copies == [copy]


def test_the_case_study_lists_a_report_once_and_says_which_links_are_copies(client):
    original = make_source(
        url="https://just-tech.ssrc.org/citation/la",
        title="Reducing Gun-Related Violence through Operation LASER",
        kind=SourceKind.LIBRARY_RECORD,
    )
    copy = make_source(url="https://docslib.org/la", kind=SourceKind.MIRROR, copy_of=original)
    lone_original = make_source(url="https://www.ojp.gov/phoenix", title="Phoenix spotlight")
    lone_copy = make_source(
        url="https://pdfslide.us/phoenix",
        title="Phoenix spotlight",
        kind=SourceKind.MIRROR,
        copy_of=lone_original,
    )
    project = make_project(sources=[copy, lone_copy])
    report = Resource.objects.create(title="LA final report", url=original.url, status="published")
    report.projects.add(project)
    text = client.get(project.get_absolute_url()).text
    assert text.count('href="https://just-tech.ssrc.org/citation/la"') == 1
    assert text.count('href="https://docslib.org/la"') == 1
    assert 'also copied on <a href="https://docslib.org/la">docslib.org</a>' in text
    assert (
        'Copy on pdfslide.us of <a href="https://www.ojp.gov/phoenix">Phoenix spotlight</a>' in text
    )
    assert "Other resources" not in text


def test_the_case_study_query_count_does_not_grow_with_its_sources(client):
    project = make_project()

    def grow(n):
        for _ in range(n):
            original = make_source(title="Original")
            copy = make_source(kind=SourceKind.MIRROR, copy_of=original)
            project.sources.add(original, copy)
            Resource.objects.create(
                title="Report", url=make_source().url, status="published"
            ).projects.add(project)

    assert_constant_queries(client, project.get_absolute_url(), grow)


def test_import_describes_new_sources_and_titles_reports():
    Importer().run(
        [
            {
                "agency": "Phoenix Police Department",
                "state": "AZ",
                "award_year": 2011,
                "summary": "Body-worn cameras.",
                "sources": ["https://bja.ojp.gov/funding/awards/2011-db-bx-0001"],
                "reports": [
                    {"title": "Phoenix spotlight", "url": "https://pdfslide.us/documents/p.html"}
                ],
            }
        ]
    )
    award = Source.objects.get(url__contains="bja.ojp.gov")
    assert (award.kind, award.publisher) == (SourceKind.BJA_AWARD, "Bureau of Justice Assistance")
    copy = Source.objects.get(url__contains="pdfslide")
    assert (copy.kind, copy.title) == (SourceKind.MIRROR, "Phoenix spotlight")


def test_an_editors_title_is_never_overwritten_by_an_import():
    make_source(url="https://example.org/report", title="Edited title")
    record = {"agency": "A PD", "state": "AZ", "summary": "x"}
    report = {"title": "Imported title", "url": "https://example.org/report"}
    Importer().run([record | {"reports": [report]}])
    assert Source.objects.get(url="https://example.org/report").title == "Edited title"


def test_loading_source_metadata_sets_the_original_of_a_copy():
    load_sources(
        [
            {
                "url": "https://docslib.org/x",
                "title": "T",
                "kind": "mirror",
                "copy_of": "https://o.org/x",
            },
            {"url": "https://o.org/x", "title": "T", "kind": "final_report", "publisher": "JSS"},
        ]
    )
    assert Source.objects.get(url="https://docslib.org/x").copy_of.publisher == "JSS"


@pytest.mark.parametrize(
    "entries",
    [
        [{"url": "https://o.org/x", "kind": "rumour"}],
        [{"url": "https://d.org/x", "kind": "mirror", "copy_of": "https://missing.org/"}],
        [
            {"url": "https://d.org/x", "kind": "news", "copy_of": "https://o.org/x"},
            {"url": "https://o.org/x", "kind": "final_report"},
        ],
    ],
)
def test_loading_refuses_an_unknown_kind_a_missing_original_or_a_non_copy_with_one(entries):
    with pytest.raises(CommandError):
        load_sources(entries)


def test_the_admin_refuses_an_original_on_a_source_that_is_not_a_copy(admin_client):
    original = make_source()
    response = admin_client.post(
        reverse("admin:projects_source_add"),
        {"url": "https://example.org/new", "kind": "news", "copy_of": original.pk},
    )
    assert response.status_code == 200
    assert "Only a copy names an original" in response.text
