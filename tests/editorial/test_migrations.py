"""Moving the revisions, the audit log and the content version into the editorial app changes no
data: a database at the schema before the move keeps every revision, audit event and the content
version, and the permissions on the moved models (and the groups and users holding them) still
work after migrating."""

import pytest
from django.contrib.auth.models import Permission, User
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from editorial.models import AuditEvent, ContentVersion, Revision

pytestmark = pytest.mark.django_db(transaction=True)

LAST_BEFORE_THE_MOVE = ("projects", "0011_per_award_facts_headline_caveats_rating_reasons")


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    ContentType.objects.clear_cache()
    return executor


def migrate_to_before_the_move():
    """The schema as it was when these models were the projects app's; its historical models."""
    executor = migrate([LAST_BEFORE_THE_MOVE, ("editorial", None)])
    return executor.loader.project_state(LAST_BEFORE_THE_MOVE).apps


def migrate_to_latest():
    executor = MigrationExecutor(connection)
    migrate(executor.loader.graph.leaf_nodes())


@pytest.fixture
def old_database():
    """Content written through the models as they were: a revision, an audit event, the content
    version, a Publisher group holding the audit log permission and an editor holding the
    revision one directly."""
    apps = migrate_to_before_the_move()
    types = apps.get_model("contenttypes", "ContentType").objects
    permissions = apps.get_model("auth", "Permission").objects
    project_type, _ = types.get_or_create(app_label="projects", model="project")
    user = apps.get_model("auth", "User").objects.create(username="ana")
    revision = apps.get_model("projects", "Revision").objects.create(
        content_type=project_type,
        object_id=7,
        version=3,
        user=user,
        note="Saved",
        data={"fields": {"summary": "Foot patrol in hot spots"}},
    )
    event = apps.get_model("projects", "AuditEvent").objects.create(
        action="publish", content_type=project_type, object_id=7, object_repr="Hot spots", user=user
    )
    apps.get_model("projects", "ContentVersion").objects.update_or_create(
        pk=1, defaults={"number": 41}
    )
    audit_type, _ = types.get_or_create(app_label="projects", model="auditevent")
    revision_type, _ = types.get_or_create(app_label="projects", model="revision")
    view_audit, _ = permissions.get_or_create(
        content_type=audit_type, codename="view_auditevent", defaults={"name": "Can view"}
    )
    view_revision, _ = permissions.get_or_create(
        content_type=revision_type, codename="view_revision", defaults={"name": "Can view"}
    )
    publisher, _ = apps.get_model("auth", "Group").objects.get_or_create(name="Publisher")
    publisher.permissions.add(view_audit)
    user.groups.add(publisher)
    editor = apps.get_model("auth", "User").objects.create(username="ben")
    editor.user_permissions.add(view_revision)
    yield {"revision": revision.pk, "event": event.pk, "audit_type": audit_type.pk}
    migrate_to_latest()


def test_the_move_keeps_revisions_audit_events_and_the_content_version(old_database):
    migrate_to_latest()

    revision = Revision.objects.get(pk=old_database["revision"])
    assert revision.data == {"fields": {"summary": "Foot patrol in hot spots"}}
    assert (revision.version, revision.note, revision.author) == (3, "Saved", "ana")
    assert revision.content_type.model_class()._meta.label == "projects.Project"
    event = AuditEvent.objects.get(pk=old_database["event"])
    assert (event.action, event.object_repr, event.actor) == ("publish", "Hot spots", "ana")
    assert ContentVersion.current() == 41


def test_the_move_keeps_the_permissions_and_who_holds_them(old_database):
    migrate_to_latest()

    audit_type = ContentType.objects.get_for_model(AuditEvent)
    assert audit_type.pk == old_database["audit_type"]  # relabelled, not made anew
    moved = ["revision", "auditevent", "contentversion"]
    assert not ContentType.objects.filter(app_label="projects", model__in=moved)
    assert User.objects.get(username="ana").has_perm("editorial.view_auditevent")
    assert User.objects.get(username="ben").has_perm("editorial.view_revision")


def test_content_types_made_early_take_over_the_old_ones_permissions(old_database):
    """``migrate editorial 0001`` alone makes the editorial content types before the data
    migration runs: the groups and users keep their permissions all the same."""
    early = ContentType.objects.create(app_label="editorial", model="auditevent")
    Permission.objects.create(content_type=early, codename="view_auditevent", name="Can view")
    migrate_to_latest()

    assert not ContentType.objects.filter(app_label="projects", model="auditevent")
    assert User.objects.get(username="ana").has_perm("editorial.view_auditevent")
