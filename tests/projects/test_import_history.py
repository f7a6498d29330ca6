"""Imports write history as an editor's save does: a revision for every project and resource
they create or change, an audit event when they publish, both naming the import; so compare,
restore and the stale-edit message work on imported records."""

import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from editorial.models import AuditAction, AuditEvent
from editorial.revisions import revisions_of
from projects.models import Project, Resource
from tests.admin_forms import form_data
from tests.factories import make_staff

pytestmark = pytest.mark.django_db


def record(**overrides) -> dict:
    base = {
        "agency": "Lowell Police Department",
        "city": "Lowell",
        "state": "MA",
        "award_year": 2010,
        "outcomes": [
            {
                "measure": "calls for service",
                "change_percent": -20,
                "direction": "decrease",
                "statistically_significant": None,
                "unit": "percent",
                "source": "https://example.org/final-report",
            }
        ],
        "summary": "Lowell worked with store owners.",
        "sources": ["https://example.org/final-report"],
        "reports": [{"title": "Lowell site spotlight", "url": "https://example.org/spotlight"}],
    }
    return base | overrides


def import_file(tmp_path, records, *options, name="projects.json") -> str:
    path = tmp_path / name
    path.write_text(json.dumps(records), encoding="utf-8")
    call_command("import_projects", str(path), *options, verbosity=0)
    return f"import: {path}"


def test_an_imported_project_has_a_revision_by_the_import(tmp_path):
    actor = import_file(tmp_path, [record()])
    project = Project.objects.get()
    (revision,) = revisions_of(project)
    assert (revision.author, revision.version) == (actor, project.version)
    assert revision.data["fields"]["summary"] == "Lowell worked with store owners."
    assert revision.data["children"]["outcomes"][0]["fields"]["measure"] == "calls for service"
    assert revisions_of(Resource.objects.get()).get().author == actor


def test_importing_the_same_file_again_records_nothing(tmp_path):
    import_file(tmp_path, [record()])
    import_file(tmp_path, [record()])
    assert revisions_of(Project.objects.get()).count() == 1


def test_an_outcome_changed_by_an_import_is_a_new_version_with_its_revision(tmp_path):
    import_file(tmp_path, [record()])
    project = Project.objects.get()
    changed = record()
    changed["outcomes"][0]["change_percent"] = -25
    actor = import_file(tmp_path, [changed], name="corrected.json")
    latest = revisions_of(project).first()
    project.refresh_from_db()
    assert (latest.author, latest.version) == (actor, project.version)
    assert project.version > revisions_of(project).last().version
    assert latest.data["children"]["outcomes"][0]["fields"]["value"] == "-25.000"


def test_publishing_import_records_who_published(tmp_path):
    actor = import_file(tmp_path, [record()], "--publish")
    project = Project.objects.get()
    event = AuditEvent.objects.get(object_id=project.pk, content_type__model="project")
    assert (event.action, event.actor) == (AuditAction.PUBLISH, actor)
    assert AuditEvent.objects.filter(action=AuditAction.PUBLISH).count() == 2  # and the resource


def test_a_draft_import_is_a_revision_but_not_an_audit_event(tmp_path):
    import_file(tmp_path, [record()])
    assert revisions_of(Project.objects.get()).exists()
    assert not AuditEvent.objects.exists()


@pytest.fixture
def editor(client):
    client.force_login(make_staff("Publisher", username="ana"))
    return client


def test_compare_and_restore_work_on_imported_records(tmp_path, editor):
    import_file(tmp_path, [record()])
    import_file(tmp_path, [record(summary="A corrected summary.")], name="corrected.json")
    project = Project.objects.get()
    new, old = revisions_of(project)
    compare = editor.get(
        reverse("admin:projects_project_compare", args=[project.pk]), {"a": old.pk, "b": new.pk}
    )
    changed = [(r.label, r.after) for r in compare.context["rows"] if r.changed]
    assert changed == [
        ("Summary", "A corrected summary."),
        ("Summary as the source gives it", "A corrected summary."),
    ]
    restore = editor.post(reverse("admin:projects_project_restore", args=[project.pk, old.pk]))
    assert restore.status_code == 302
    project.refresh_from_db()
    assert project.summary == "Lowell worked with store owners."


def test_stale_edit_message_names_the_import_that_changed_the_record(tmp_path, editor):
    import_file(tmp_path, [record()])
    project = Project.objects.get()
    url = reverse("admin:projects_project_change", args=[project.pk])
    opened = form_data(editor.get(url))
    # Someone saves in the admin first, then the import changes the record again.
    assert editor.post(url, opened | {"findings": "Calls fell."}).status_code == 302
    reopened = form_data(editor.get(url))
    actor = import_file(tmp_path, [record(summary="A newer summary.")], name="newer.json")
    response = editor.post(url, reopened | {"findings": "Calls fell by a fifth."})
    assert response.status_code == 200
    assert f"{actor} saved this record" in response.content.decode()


def test_a_new_projects_revision_is_what_reading_it_back_gives(tmp_path):
    from editorial.revisions import snapshot
    from projects.models import CrimeProblem, Strategy

    Strategy.objects.create(name="Hot spots policing", slug="hot-spots", synonyms=[])
    Strategy.objects.create(name="Foot patrol", slug="foot-patrol", synonyms=[])
    CrimeProblem.objects.create(name="Robbery", slug="robbery", synonyms=[])
    import_file(
        tmp_path,
        [
            record(
                strategies=["hot spots policing", "foot patrol"],
                crime_types=["robbery"],
                research_partner="University of Massachusetts Lowell",
                researchers=["Anthony Braga", "Brenda Bond"],
                design="quasi_experimental",
                design_source="https://example.org/final-report",
                area_sq_mi=13.5,
                outcomes=[
                    {
                        "measure": "robberies",
                        "change_percent": -12.5,
                        "direction": "decrease",
                        "ci_low": -20.25,
                        "ci_high": -4.1,
                        "statistically_significant": True,
                        "unit": "percent",
                        "source": "https://example.org/final-report",
                    },
                    record()["outcomes"][0],
                ],
            )
        ],
        "--publish",
    )
    (revision,) = revisions_of(Project.objects.get())
    assert revision.data == snapshot(Project.objects.for_history().get())
    # The audit log and the report's revision name it as its page does: its one name.
    project = Project.objects.get()
    heading = project.name
    assert heading.endswith("Police Department, 2010")
    assert str(project) == heading
    published = AuditEvent.objects.get(action="publish", content_type__model="project")
    assert (published.object_id, published.object_repr) == (project.pk, heading)
    (report,) = revisions_of(Resource.objects.get())
    assert report.data["m2m"]["projects"] == [[project.pk, heading]]
