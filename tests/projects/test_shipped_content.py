"""The shipped content, once loaded, names every institution and person once."""

import pytest

from projects.case_study import case_study_queryset, sources_and_reports
from projects.models import Project, Researcher, ResearchPartner, Source, SourceKind
from projects.models.sources import MIRROR_HOSTS

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(real_data):
    """The real content, loaded once for the module (tests here only read it)."""


@pytest.mark.parametrize("model", [ResearchPartner, Researcher])
def test_no_two_records_share_a_normalised_name(loaded, model):
    keys = [record.match_key for record in model.objects.all()]
    assert len(keys) == len(set(keys)), sorted(keys)


def test_no_partner_is_a_fragment_cut_from_a_parenthesis(loaded):
    for partner in ResearchPartner.objects.all():
        text = str(partner)
        assert text.count("(") == text.count(")"), text


def test_the_shipped_duplicates_are_one_record_each(loaded):
    assert ResearchPartner.objects.filter(name="Arizona State University").count() == 1
    assert ResearchPartner.objects.filter(name="Temple University").count() == 1
    assert ResearchPartner.objects.filter(name__startswith="Justice").count() == 1
    assert Researcher.objects.filter(name__contains="Choate").count() == 1


def _cited(project):
    documents, _resources = sources_and_reports(project)
    for document in documents:
        yield document.source
        yield from document.copies


def test_every_source_a_case_study_cites_has_a_title_and_a_kind(loaded):
    for project in case_study_queryset(Project.objects.published()):
        for source in _cited(project):
            assert source.title, (project.slug, source.url)
            assert source.kind != SourceKind.OTHER or source.publisher, source.url


def test_every_copy_on_a_document_sharing_site_is_cited_as_a_copy(loaded):
    at_mirror_hosts = [s for s in Source.objects.all() if s.site in MIRROR_HOSTS]
    assert len(at_mirror_hosts) >= 19
    assert all(source.is_copy for source in at_mirror_hosts)


def test_los_angeles_cites_its_final_report_once_with_its_copy(loaded):
    project = case_study_queryset(Project.objects.all()).get(slug="los-angeles-ca-2009")
    urls = [source.url for source in _cited(project)]
    assert len(urls) == len(set(urls))
    documents, _ = sources_and_reports(project)
    report = next(c for c in documents if "Operation LASER" in c.source.title)
    assert [copy.site for copy in report.copies] == ["docslib.org"]
