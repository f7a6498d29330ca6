"""Importing and exporting case studies: imports are drafts unless published, re-imports change
only what changed, bad records are reported without half-writes, and queries do not grow."""

import copy
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from projects.exchange.exporter import export_projects
from projects.exchange.importer import Importer, partner_name_and_department
from projects.models import Agency, Outcome, Project, ResearchPartner
from tests.factories import make_crime_problem, make_strategy

pytestmark = pytest.mark.django_db

SHARED_FACTS = settings.BASE_DIR / "fixtures" / "spi_projects.json"


def record(**overrides) -> dict:
    base = {
        "agency": "Glendale Police Department",
        "city": "Glendale",
        "state": "AZ",
        "award_year": 2009,
        "research_partner": "Arizona State University, Center for Violence Prevention",
        "researchers": ["Michael D. White"],
        "crime_types": ["convenience store crime"],
        "strategies": ["Problem-Oriented Policing", "PEACE"],
        "target": "places",
        "outcomes": [
            {
                "measure": "calls for service two years later",
                "change_percent": -20,
                "direction": "decrease",
                "statistically_significant": None,
                "note": "nearly 20% lower",
                "unit": "percent",
            }
        ],
        "summary": "Glendale worked with store owners.",
        "sources": ["https://www.smart-policing.com/spi-sites/glendale-arizona-2009"],
        "reports": [{"title": "Glendale site spotlight", "url": "https://example.org/spotlight"}],
        "latitude": 33.54,
        "longitude": -112.19,
    }
    return base | overrides


def run(records, **options):
    return Importer(**options).run(copy.deepcopy(records))


def write(tmp_path: Path, data, name="projects.json") -> Path:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


@pytest.fixture
def taxonomy():
    make_strategy(name="Problem-oriented policing", slug="pop", synonyms=["POP", "SARA"])
    make_crime_problem(
        name="Retail theft", slug="retail-theft", synonyms=["convenience store crime"]
    )


def test_import_creates_a_draft_project_with_its_facts(taxonomy):
    report = run([record()])
    assert report.created == ["Glendale Police Department 2009"]
    project = Project.objects.get()
    assert project.status == "draft"
    assert project.slug == "glendale-az-2009"
    assert [s.name for s in project.strategies.all()] == ["Problem-oriented policing"]
    assert project.outcomes.get().value == -20
    assert project.outcomes.get().source.url == record()["sources"][0]
    assert project.resources.get().title == "Glendale site spotlight"


def test_publish_flag_publishes(taxonomy):
    run([record()], publish=True)
    assert Project.objects.published().count() == 1


def test_reimport_without_publish_never_unpublishes(taxonomy):
    run([record()], publish=True)
    run([record(summary="Changed.")])
    assert Project.objects.get().status == "published"


def test_importing_twice_changes_nothing(taxonomy):
    run([record(), record(award_year=2011)])
    project = Project.objects.get(cohort_year=2009)
    before = (
        project.version,
        project.updated_at,
        list(Outcome.objects.values_list("pk", flat=True)),
    )
    report = run([record(), record(award_year=2011)])
    assert (report.created, report.updated) == ([], [])
    assert len(report.unchanged) == 2
    project.refresh_from_db()
    after = (
        project.version,
        project.updated_at,
        list(Outcome.objects.values_list("pk", flat=True)),
    )
    assert after == before


def test_changed_file_updates_in_place(taxonomy):
    run([record()])
    pk = Project.objects.get().pk
    changed = record(summary="A new summary.")
    changed["outcomes"][0]["change_percent"] = -25
    report = run([changed])
    assert report.updated == ["Glendale Police Department 2009"]
    project = Project.objects.get()
    assert (project.pk, project.summary) == (pk, "A new summary.")
    assert project.outcomes.get().value == -25


def test_unknown_term_is_reported_and_kept(taxonomy):
    report = run([record()])
    assert report.unmapped == {("strategy", "PEACE"): 1}
    assert Project.objects.get().unmapped_terms == {"strategies": ["PEACE"]}


def test_terms_map_ignoring_case_plural_and_parenthetical(taxonomy):
    run([record(strategies=["problem oriented policing (SARA)", "SARAs"])])
    assert Project.objects.get().strategies.count() == 1
    assert Project.objects.get().unmapped_terms == {}


def test_undated_project_keeps_a_stable_identity(taxonomy):
    run([record(award_year=None, title=None)])
    report = run([record(award_year=None, title="Offender and place-based policing")])
    assert report.updated and Project.objects.count() == 1


def test_export_then_import_gives_back_the_same_data(taxonomy):
    facts = json.loads(SHARED_FACTS.read_text())
    run(facts)
    exported = export_projects(Project.objects.all())
    for model in (Outcome, Project, ResearchPartner, Agency):
        model.objects.all().delete()
    assert run(exported).ok
    assert export_projects(Project.objects.all()) == exported


def test_shared_facts_file_imports_cleanly(taxonomy):
    report = run(json.loads(SHARED_FACTS.read_text()))
    assert report.ok
    assert len(report.created) == 60


def test_legacy_smart_policing_address_redirects(taxonomy, client):
    run([record()], publish=True)
    response = client.get("/spi-sites/glendale-arizona-2009")
    assert response.status_code == 301
    assert response["Location"] == "/sites/glendale-az-2009/"


def test_legacy_address_of_a_draft_is_not_found(taxonomy, client):
    run([record()])
    assert client.get("/spi-sites/glendale-arizona-2009").status_code == 404


@pytest.mark.parametrize(
    ("overrides", "field", "reason"),
    [
        ({"state": "XX"}, "state", "unknown state code"),
        ({"agency": None}, "agency", "is required"),
        ({"agency": "  "}, "agency", "must not be empty"),
        ({"award_year": "2009"}, "award_year", "whole number"),
        ({"award_year": True}, "award_year", "whole number"),
        ({"award_year": 1850}, "award_year", "outside"),
        ({"strategies": "hot spots"}, "strategies", "list of text"),
        ({"latitude": 123}, "latitude", "outside"),
        ({"sources": ["not a url"]}, "sources[0]", "not a web address"),
        ({"target": "cars"}, "target", "not one of"),
        ({"settlement_type": "space station"}, "settlement_type", "unknown settlement type"),
        ({"outcomes": [{"change_percent": -5}]}, "outcomes[0].measure", "is required"),
        (
            {"outcomes": [{"measure": "robbery", "change_percent": -5, "direction": "increase"}]},
            "outcomes[0].direction",
            "contradicts",
        ),
        (
            {"outcomes": [{"measure": "robbery", "change_percent": "-5"}]},
            "outcomes[0].change_percent",
            "must be a number",
        ),
        (
            {"case_study": {"findings": "Crime fell. " * 10_000}},
            "case_study.findings",
            "is 119999 characters long; at most 100000",
        ),
        ({"summary": "x" * 100_001}, "summary", "at most 100000"),
    ],
)
def test_bad_record_is_reported_with_position_field_and_reason(taxonomy, overrides, field, reason):
    report = run([record(award_year=2011), record(**overrides)])
    [error] = report.errors
    assert (error.position, error.field) == (2, field)
    assert reason in error.reason
    assert len(report.created) == 1, "the good record is still imported"


def test_failed_record_leaves_nothing_half_written(taxonomy):
    bad = record(sources=[], reports=[])
    report = run([bad], publish=True)
    assert report.errors[0].field == "outcomes[0].source"
    assert not Project.objects.exists()
    assert not Agency.objects.exists()


def test_duplicate_identity_in_one_file_is_reported(taxonomy):
    report = run([record(), record(summary="again")])
    assert report.errors[0].position == 2
    assert "same agency and cohort year as record 1" in report.errors[0].reason


def test_atomic_imports_nothing_when_a_record_fails(taxonomy):
    report = run([record(), record(award_year=2011, state="XX")], atomic=True)
    assert report.rolled_back
    assert not Project.objects.exists()


def test_dry_run_saves_nothing_but_reports(taxonomy):
    report = run([record()], dry_run=True)
    assert report.created == ["Glendale Police Department 2009"]
    assert not Project.objects.exists()


def test_command_reports_malformed_json(tmp_path):
    path = write(tmp_path, '[{"agency": "x",]')
    with pytest.raises(CommandError, match=r"not valid JSON: .* line 1, column"):
        call_command("import_projects", str(path))


def test_command_reports_a_file_that_is_not_a_list(tmp_path):
    with pytest.raises(CommandError, match="must hold a list"):
        call_command("import_projects", str(write(tmp_path, {"agency": "x"})))


def test_command_reports_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        call_command("import_projects", str(tmp_path / "nope.json"))


def test_command_exits_non_zero_but_keeps_good_records(taxonomy, tmp_path, capsys):
    path = write(tmp_path, [record(), "not a record"])
    with pytest.raises(CommandError, match="1 created, 0 updated, 0 unchanged, 1 failed"):
        call_command("import_projects", str(path))
    assert "record 2 (not an object): record: must be an object" in capsys.readouterr().err
    assert Project.objects.count() == 1


def test_export_command_round_trips_through_import(taxonomy, tmp_path):
    call_command("import_projects", str(write(tmp_path, [record()])), "--publish")
    out = tmp_path / "out.json"
    call_command("export_projects", str(out))
    Project.objects.all().delete()
    call_command("import_projects", str(out))
    assert export_projects(Project.objects.all()) == json.loads(out.read_text())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Arizona State University, Center for Violence Prevention",
            ("Arizona State University", "Center for Violence Prevention"),
        ),
        ("California State University, Chico", ("California State University, Chico", "")),
        ("Suffolk University", ("Suffolk University", "")),
    ],
)
def test_partner_department_is_split_only_when_it_names_a_department(text, expected):
    assert partner_name_and_department(text) == expected


def test_a_changed_outcome_alone_tells_the_index_and_the_page_cache(
    taxonomy, django_capture_on_commit_callbacks
):
    from editorial.models import ContentVersion
    from search.models import PendingUpdate

    with django_capture_on_commit_callbacks(execute=True):
        run([record()], publish=True)
    project = Project.objects.get()
    version, content = project.version, ContentVersion.current()
    changed = record()
    changed["outcomes"][0]["change_percent"] = -25
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        report = run([changed], publish=True)
        queued = set(PendingUpdate.objects.values_list("key", flat=True))
    assert report.updated == ["Glendale Police Department 2009"]
    assert Project.objects.get().version > version
    assert f"project:{project.pk}" in queued
    for callback in callbacks:
        callback()
    assert ContentVersion.current() > content


def test_a_record_failing_inside_its_batch_is_reported_and_the_batch_still_imported(taxonomy):
    # A name longer than the database holds passes the file's checks but not the write: the
    # batch is undone and written again record by record.
    bad = record(agency="Bad Police Department", research_partner="X" * 250)
    unsourced = record(award_year=2013, sources=[], reports=[])
    records = [record(award_year=2011), bad, record(award_year=2012), unsourced]
    report = run(records, batch_size=4, publish=True)
    unsourced_error, error = report.errors  # each reported once, the one refused first
    assert (unsourced_error.position, unsourced_error.field) == (4, "outcomes[0].source")
    assert (error.position, error.label) == (2, "Bad Police Department 2009")
    assert "at most 200 characters" in error.reason
    assert report.created == [
        "Glendale Police Department 2011",
        "Glendale Police Department 2012",
    ]
    assert not Agency.objects.filter(name="Bad Police Department").exists()
    assert not ResearchPartner.objects.filter(name__startswith="XXX").exists()


def test_import_queries_do_not_grow_with_the_records(taxonomy):
    def queries_for(count: int) -> int:
        records = [
            record(
                agency=f"Agency {count} {n}",
                research_partner=f"University {count} {n}",
                researchers=[f"Researcher {count} {n}"],
                reports=[{"title": f"Report {n}", "url": f"https://example.org/{count}/{n}"}],
            )
            for n in range(count)
        ]
        with CaptureQueriesContext(connection) as queries:
            report = run(records, publish=True)
        assert len(report.created) == count
        return len(queries)

    assert queries_for(12) == queries_for(3)


def test_a_report_shared_by_many_projects_gets_one_revision_per_import(taxonomy):
    from editorial.revisions import revisions_of
    from projects.models import Resource

    run([record(award_year=year) for year in (2009, 2011, 2013)], publish=True)
    resource = Resource.objects.get()
    [revision] = revisions_of(resource)
    assert revision.origin == "import"
    assert len(revision.data["m2m"]["projects"]) == 3


def test_a_large_import_refreshes_the_planner_statistics(taxonomy, monkeypatch):
    """Without statistics SQLite reads an agency's published projects through the status index
    (every published project, for every agency); with them, through the agency's."""
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL plans from statistics its autovacuum keeps")
    from search.documents import KINDS

    monkeypatch.setattr("projects.exchange.importer.ANALYZE_FROM", 2)
    run([record(award_year=2011), record(award_year=2012, agency="Mesa Police Department")],
        publish=True)  # fmt: skip
    plan = KINDS["agency"].queryset().explain()
    assert "agency_id" in plan, plan


EXTERNAL = {
    "clearinghouse": "CrimeSolutions",
    "name": "Glendale Smart Policing Initiative",
    "rating": "Promising",
    "evidence": "One study",
    "url": "https://crimesolutions.ojp.gov/ratedprograms/999",
    "covers": "the convenience-store arm",
}


def test_external_ratings_planned_designs_and_measures_round_trip(taxonomy):
    robbery = make_crime_problem(name="Robbery", slug="robbery")
    outcome = record()["outcomes"][0] | {"crime_problem": "retail theft"}
    named = {"measure": "robbery", "change_percent": -5, "statistically_significant": False}
    report = run(
        [record(
            external_ratings=[EXTERNAL], design="rct", design_planned=True,
            outcomes=[outcome, named],
        )]
    )  # fmt: skip
    assert report.ok
    project = Project.objects.get()
    assert project.design_planned
    assert [r.rating for r in project.external_ratings.all()] == ["Promising"]
    # Named by the record, and found from the measure's own words.
    assert [o.crime_problem for o in project.outcomes.all()] == [
        Project.crime_problems.field.related_model.objects.get(slug="retail-theft"),
        robbery,
    ]
    exported = export_projects(Project.objects.all())
    assert exported[0]["external_ratings"] == [EXTERNAL]
    assert exported[0]["design_planned"] is True
    assert [o["crime_problem"] for o in exported[0]["outcomes"]] == ["retail-theft", "robbery"]
    Project.objects.all().delete()
    assert run(exported).ok
    assert export_projects(Project.objects.all()) == exported


def test_a_changed_external_rating_updates_the_project(taxonomy):
    run([record(external_ratings=[EXTERNAL])])
    report = run([record(external_ratings=[EXTERNAL | {"rating": "Effective"}])])
    assert report.updated
    assert [r.rating for r in Project.objects.get().external_ratings.all()] == ["Effective"]
    assert run([record(external_ratings=[EXTERNAL | {"rating": "Effective"}])]).unchanged


@pytest.mark.parametrize(
    "overrides, field, reason",
    [
        ({"external_ratings": [EXTERNAL | {"url": "not an address"}]},
         "external_ratings[0].url", "not a web address"),
        ({"external_ratings": [{k: v for k, v in EXTERNAL.items() if k != "rating"}]},
         "external_ratings[0].rating", "required"),
        ({"outcomes": [{"measure": "x", "crime_problem": "parking"}]},
         "outcomes[0].crime_problem", "no crime problem of the taxonomy"),
    ],
)  # fmt: skip
def test_a_bad_rating_or_measure_is_reported(taxonomy, overrides, field, reason):
    report = run([record(**overrides)])
    (error,) = report.errors
    assert error.field == field and reason in error.reason
    assert not Project.objects.exists()
