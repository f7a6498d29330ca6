"""Backup and restore: the real portal data backed up, restored into an empty (or freshly
migrated) database, gives back every page type byte for byte; a bad file or a non-empty database
changes nothing; media are swapped inside a mounted MEDIA_ROOT, all or nothing with the data;
the file is private, and can leave the users out."""

import errno
import io
import json
import os
import re
import stat
import tarfile
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.test import Client

from editorial.models import AuditEvent, Revision
from lessons.models import Lesson
from projects.models import Agency, CrimeProblem, Project, ResearchPartner, Strategy
from search import indexing
from spi_portal.backup import backed_up_models
from tests.factories import make_staff
from tests.startup import manage, production

pytestmark = pytest.mark.django_db(transaction=True)
GENERATED = re.compile(rb'"generated": "[^"]+"')


def page_addresses() -> dict[str, str]:
    """One address of every public page type."""
    project = Project.objects.published().order_by("pk").first()
    return {
        "home": "/",
        "about": "/about/",
        "list": "/sites/",
        "list filtered": "/sites/?strategy=hot-spots-policing",
        "case study": project.get_absolute_url(),
        "citation": f"{project.get_absolute_url()}cite.bib",
        "agencies": "/agencies/",
        "agency": Agency.objects.filter(projects__in=[project]).first().get_absolute_url(),
        "partners": "/partners/",
        "partner": ResearchPartner.objects.order_by("pk").first().get_absolute_url(),
        "strategies": "/strategies/",
        "strategy": Strategy.objects.order_by("pk").first().get_absolute_url(),
        "crime problems": "/crime-problems/",
        "crime problem": CrimeProblem.objects.order_by("pk").first().get_absolute_url(),
        "lessons": "/lessons/",
        "lesson": Lesson.objects.published().order_by("pk").first().get_absolute_url(),
        "findings": "/findings/",
        "search": "/search/?q=foot+patrol",
        "search json": "/search.json?q=violence&strategy=hot-spots-policing",
        "feed": "/feed/",
        "sitemap": "/sitemap.xml",
        "open data": "/data/",
        "download csv": "/data/projects.csv",
        "download json": "/data/outcomes.json",
        "media": f"{settings.MEDIA_URL}projects/photo.png",
    }


def pages(client: Client, addresses: dict[str, str]) -> dict[str, tuple[int, bytes]]:
    found = {}
    for name, address in addresses.items():
        response = client.get(address)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        found[name] = (response.status_code, body)
    # A download states when it was generated, which is the moment of the request.
    status, content = found["download json"]
    found["download json"] = (status, GENERATED.sub(b'"generated": "..."', content))
    return found


def record_counts() -> dict[str, int]:
    return {m._meta.label: m._base_manager.count() for m in backed_up_models()}


@pytest.fixture
def portal(settings, tmp_path):
    settings.SEARCH_BACKEND = "whoosh"
    settings.SEARCH_INDEX_DIR = tmp_path / "index"
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("load_portal_data", no_index=True, verbosity=0)
    # What editors leave behind: an upload, a revision and an audit event by a named user.
    (settings.MEDIA_ROOT / "projects").mkdir(parents=True)
    (settings.MEDIA_ROOT / "projects" / "photo.png").write_bytes(b"\x89PNG not really" * 50)
    editor = make_staff("Publisher", username="maria")
    project = Project.objects.published().order_by("pk").first()
    Project.objects.filter(pk=project.pk).update(image="projects/photo.png")  # the upload's owner
    Revision.objects.create(content_object=project, version=7, user=editor, data={"a": 1})
    AuditEvent.objects.create(
        action="publish",
        user=editor,
        content_type=ContentType.objects.get_for_model(project),
        object_id=project.pk,
        object_repr=str(project),
    )
    indexing.rebuild()
    return tmp_path


def test_restore_into_an_empty_database_gives_back_every_page(portal, client):
    addresses = page_addresses()
    before, counts = pages(client, addresses), record_counts()
    assert all(status == 200 for status, _ in before.values()), before.keys()
    archive = portal / "backup.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())

    call_command("flush", interactive=False, verbosity=0)  # an empty, migrated database
    for path in Path(settings.MEDIA_ROOT).rglob("*.png"):
        path.unlink()
    assert not Project.objects.exists()

    out = io.StringIO()
    call_command("restore", str(archive), stdout=out)
    assert "media files" in out.getvalue() and "Search index rebuilt" in out.getvalue()
    assert record_counts() == counts
    after = pages(Client(), addresses)
    differing = [name for name in addresses if before[name] != after[name]]
    assert differing == []
    assert User.objects.get(username="maria").groups.get().name == "Publisher"
    assert Revision.objects.get(version=7).user.username == "maria"
    event = AuditEvent.objects.get(user__username="maria")
    assert event.content_type.get_object_for_this_type(pk=event.object_id).status == "published"
    assert Group.objects.get(name="Editor").permissions.exists()


def test_restore_refuses_a_database_that_holds_records(portal):
    archive = portal / "backup.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    with pytest.raises(CommandError, match="already holds records"):
        call_command("restore", str(archive), stdout=io.StringIO())
    Project.objects.filter(pk=Project.objects.order_by("pk").first().pk).delete()
    call_command("restore", str(archive), "--flush", "--no-index", stdout=io.StringIO())
    assert Project.objects.count() == json.loads(manifest(archive))["records"]["projects.project"]


def manifest(archive: Path) -> str:
    with tarfile.open(archive) as tar:
        return tar.extractfile("manifest.json").read().decode()


def rewrite(archive: Path, target: Path, change) -> Path:
    """A copy of the backup with one entry's bytes changed by ``change(name, data)``."""
    with tarfile.open(archive) as source, tarfile.open(target, "w:gz") as copy:
        for member in source.getmembers():
            data = source.extractfile(member).read() if member.isfile() else b""
            data = change(member.name, data)
            member.size = len(data)
            copy.addfile(member, io.BytesIO(data) if member.isfile() else None)
    return target


def edit_first_project(**fields):
    def change(name: str, data: bytes) -> bytes:
        if name != "data.json":
            return data
        records = json.loads(data)
        next(r for r in records if r["model"] == "projects.project")["fields"].update(fields)
        return json.dumps(records).encode()

    return change


BAD_FILES = {
    "not an archive": (lambda a, t: t.write_bytes(b"hello") or t, "not a portal backup"),
    "truncated": (
        lambda a, t: t.write_bytes(a.read_bytes()[: a.stat().st_size // 2]) or t,
        "damaged",
    ),
    "another program's archive": (
        lambda a, t: rewrite(a, t, lambda n, d: b"{}" if n == "manifest.json" else d),
        "not a portal backup",
    ),
    "records edited out": (
        lambda a, t: rewrite(a, t, lambda n, d: b"[]" if n == "data.json" else d),
        "does not hold the records its manifest lists",
    ),
    "a project of no agency": (
        lambda a, t: rewrite(a, t, edit_first_project(agency=999999)),
        "nothing was restored",
    ),
    "a year that is not a number": (
        lambda a, t: rewrite(a, t, edit_first_project(cohort_year="twenty")),
        "nothing was restored",
    ),
}


@pytest.mark.parametrize("bad", BAD_FILES)
def test_a_bad_file_is_refused_and_changes_nothing(portal, bad):
    archive = portal / "backup.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    make_bad, message = BAD_FILES[bad]
    target = make_bad(archive, portal / "bad.tar.gz")
    before = record_counts()
    with pytest.raises(CommandError, match=message):
        call_command("restore", str(target), "--flush", stdout=io.StringIO())
    assert record_counts() == before
    assert (Path(settings.MEDIA_ROOT) / "projects" / "photo.png").exists()


def test_restore_into_a_freshly_migrated_database(portal):
    """The README's way to move: migrate a new database, then restore (migrations seed rows,
    which a restore must neither count as records nor keep beside the backup's)."""
    archive = portal / "backup.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    fresh = portal / "fresh"
    env = production(fresh, MEDIA_ROOT=str(fresh / "media"), SEARCH_BACKEND="whoosh")
    assert manage(env, "migrate", "-v0").returncode == 0
    restored = manage(env, "restore", str(archive))
    assert restored.returncode == 0, restored.stderr
    assert "Search index rebuilt" in restored.stdout
    count = "from projects.models import Project; print(Project.objects.count())"
    found = manage(env, "shell", "-c", count).stdout.split()[-1]
    assert found == str(Project.objects.count())
    assert (fresh / "media" / "projects" / "photo.png").exists()


def test_restore_swaps_the_contents_of_a_media_mount(portal, monkeypatch):
    archive = portal / "backup.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    media = Path(settings.MEDIA_ROOT)
    (media / "projects" / "photo.png").unlink()
    (media / "uploaded-since.txt").write_text("not in the backup")
    real = os.rename

    def rename(source, target):
        if Path(source) == media:  # a mount point cannot be renamed
            raise OSError(errno.EBUSY, "Device or resource busy", str(source))
        return real(source, target)

    monkeypatch.setattr(os, "rename", rename)
    call_command("restore", str(archive), "--flush", "--no-index", stdout=io.StringIO())
    assert sorted(p.name for p in media.iterdir()) == ["projects"]
    assert (media / "projects" / "photo.png").read_bytes().startswith(b"\x89PNG")


def test_media_that_cannot_be_put_in_place_roll_the_data_back(portal, monkeypatch):
    archive = portal / "backup.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    media = Path(settings.MEDIA_ROOT)
    (media / "uploaded-since.txt").write_text("not in the backup")
    project = Project.objects.order_by("pk").first()
    Project.objects.filter(pk=project.pk).update(title="Edited since the backup")
    before = sorted(p.relative_to(media) for p in media.rglob("*"))
    real = os.rename

    def rename(source, target):
        if ".restore-" in str(source) and Path(target).parent in (media, media.parent):
            raise OSError(errno.EIO, "Input/output error", str(target))
        return real(source, target)

    monkeypatch.setattr(os, "rename", rename)
    with pytest.raises(CommandError, match="nothing was restored"):
        call_command("restore", str(archive), "--flush", "--no-index", stdout=io.StringIO())
    assert Project.objects.get(pk=project.pk).title == "Edited since the backup"
    assert sorted(p.relative_to(media) for p in media.rglob("*")) == before


def test_a_backup_is_readable_by_its_owner_alone(portal):
    archive = portal / "backup.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600


def test_a_backup_without_users_holds_no_user_and_restores(portal):
    archive = portal / "backup.tar.gz"
    call_command("backup", str(archive), "--without-users", stdout=io.StringIO())
    with tarfile.open(archive) as tar:
        records = json.load(tar.extractfile("data.json"))
    assert not [r for r in records if r["model"] in ("auth.user", "admin.logentry")]
    assert "maria" not in json.dumps(records)
    assert json.loads(manifest(archive))["users"] is False
    call_command("restore", str(archive), "--flush", "--no-index", stdout=io.StringIO())
    assert not User.objects.exists()
    assert Revision.objects.get(version=7).user is None
    assert Group.objects.get(name="Publisher").permissions.exists()
