"""The data migrations of this release keep every link: an address whose host ends in a dot is
stored without it, its twin (both spellings stored) gets all its links, and a researcher placed
at a partner only because it came first among several partners loses that placement."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from projects.models import Outcome, Project, Researcher, Resource, Source

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = ("projects", "0019_project_source_wording")


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor


@pytest.fixture
def old_apps():
    executor = migrate([BEFORE])
    yield executor.loader.project_state(BEFORE).apps
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def _project(apps, slug, partners=()):
    agency = apps.get_model("projects", "Agency").objects.create(
        name=f"{slug} PD", slug=slug, state="MA"
    )
    project = apps.get_model("projects", "Project").objects.create(
        identity=slug, agency=agency, slug=slug
    )
    project.research_partners.set(partners)
    return project


def test_dotted_hosts_are_dropped_and_their_links_kept(old_apps):
    sources = old_apps.get_model("projects", "Source").objects
    dotted = sources.create(url="https://ojp.gov./library/a", title="A")
    lone = sources.create(url="https://slideplayer.com./slide/1", kind="mirror")
    twin_dotted = sources.create(url="https://ojp.gov./library/b")
    twin = sources.create(url="https://ojp.gov/library/b", title="B")
    project = _project(old_apps, "boston")
    project.sources.set([dotted, lone, twin_dotted, twin])
    project.design_source = twin_dotted
    project.save()
    old_apps.get_model("projects", "Outcome").objects.create(
        project=project, measure="robbery", source=twin_dotted
    )
    old_apps.get_model("projects", "Resource").objects.create(
        title="Spotlight", url="https://ojp.gov./library/a"
    ).projects.set([project])

    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    project = Project.objects.get(slug="boston")
    assert sorted(project.sources.values_list("url", flat=True)) == [
        "https://ojp.gov/library/a",
        "https://ojp.gov/library/b",
        "https://slideplayer.com/slide/1",
    ]
    assert project.design_source_id == twin.pk
    assert Outcome.objects.get().source_id == twin.pk
    assert not Source.objects.filter(pk=twin_dotted.pk).exists()
    assert list(Resource.objects.values_list("url", flat=True)) == ["https://ojp.gov/library/a"]


def test_a_researcher_of_several_partners_only_is_unplaced(old_apps):
    partners = old_apps.get_model("projects", "ResearchPartner").objects
    nyu = partners.create(name="New York University", slug="nyu")
    csulb = partners.create(name="California State University Long Beach", slug="csulb")
    temple = partners.create(name="Temple University", slug="temple")
    people = old_apps.get_model("projects", "Researcher").objects
    malm = people.create(name="Aili Malm", slug="aili-malm", partner=nyu)
    ratcliffe = people.create(name="Jerry Ratcliffe", slug="jerry-ratcliffe", partner=temple)
    _project(old_apps, "las-vegas", [nyu, csulb]).researchers.set([malm])
    _project(old_apps, "philadelphia", [temple]).researchers.set([ratcliffe])

    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    assert Researcher.objects.get(name="Aili Malm").partner is None
    assert str(Researcher.objects.get(name="Jerry Ratcliffe").partner) == "Temple University"
