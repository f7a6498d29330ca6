"""Backing up and restoring the whole portal: every record and the uploaded files.

A backup is a ``.tar.gz`` holding ``manifest.json`` (format, date, the migrations the data
fits, a count per model, the media files), ``data.json`` (Django's serialization of every
model, with natural keys for content types, permissions, groups and users, so it loads into a
database whose migrations made its own) and ``media/``. It is read in one transaction
(REPEATABLE READ on PostgreSQL, one read transaction on SQLite), so it is one moment's state.

Left out, because they are rebuilt or are only about the present moment: sessions, the search
index (its PostgreSQL tables and the queue of pending index updates: restore rebuilds the
index), and login-failure records.

The file is readable by its owner alone (it holds password hashes); ``users=False`` leaves the
users out, and the admin's history with them.

A restore checks the whole file before it writes anything, then loads the data and moves the
media into place within one transaction: a bad file changes nothing, and media that cannot be
moved roll the data back.
"""

import json
import os
import shutil
import tarfile
import tempfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, time
from itertools import chain
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.management import call_command
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DatabaseError, connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import Model
from django.db.models.functions import Greatest

from editorial.models import ContentVersion
from search.models import IndexGeneration, PendingUpdate

FORMAT = "spi-portal-backup"
VERSION = 1
SKIPPED_MODELS = {
    # The page families' numbers: what pages were cached under here, renewed by the restore.
    "editorial.pageversion",
    "sessions.session",
    "search.pendingupdate",
    "search.searchentry",
    "search.searchfacet",
}
SKIPPED_APPS = {"axes"}
# What migrations create in any database: a database holding only these counts as empty, and a
# restore empties them before loading the backup's own. Named by class, so a model moved to
# another app stays known; a new migration that seeds rows belongs here, or "migrate, then
# restore" fails (tests/spi_portal/test_backup.py restores into a freshly migrated database).
SEEDED_MODELS = {
    model._meta.label_lower
    for model in (ContentType, Permission, Group, ContentVersion, IndexGeneration)
}
# A file system's own folder at the top of a mount: never the portal's, never moved.
NOT_MEDIA = {"lost+found"}


class ExactJSONEncoder(DjangoJSONEncoder):
    """Django's encoder keeps only milliseconds of a time; a backup keeps every digit, so a
    restored record (and the feed dates shown from it) is exactly the original."""

    def default(self, o):
        if isinstance(o, datetime | time):
            return o.isoformat()
        return super().default(o)


class BackupError(Exception):
    """The file is not a usable backup, or the database cannot take it; nothing was changed."""


@dataclass
class Summary:
    records: int
    media_files: int


def backed_up_models() -> list[type[Model]]:
    """Every concrete model worth keeping, those referred to before those referring."""
    every = serializers.sort_dependencies(
        [(config, None) for config in apps.get_app_configs()], allow_cycles=True
    )
    return [
        model
        for model in every
        if model._meta.managed
        and not model._meta.proxy
        and model._meta.label_lower not in SKIPPED_MODELS
        and model._meta.app_label not in SKIPPED_APPS
    ]


def _user_fields(model: type[Model]) -> list:
    user = get_user_model()
    return [
        field
        for field in model._meta.get_fields()
        if field.concrete and field.is_relation and field.related_model is user
    ]


def _without_users(models: list[type[Model]]) -> list[type[Model]]:
    """The models left when users are left out: not the users themselves, nor what cannot exist
    without one (the admin's history); a revision or an audit event keeps its origin and loses
    its user."""
    return [
        model
        for model in models
        if model is not get_user_model()
        and all(field.null or field.many_to_many for field in _user_fields(model))
    ]


def _forget_users(records: list[dict], models: list[type[Model]]) -> None:
    blank = {
        model._meta.label_lower: {
            field.name: [] if field.many_to_many else None for field in _user_fields(model)
        }
        for model in models
    }
    for record in records:
        record["fields"].update(blank[record["model"]])


def _rows(models: list[type[Model]]) -> Iterator[Model]:
    return chain.from_iterable(
        model._base_manager.order_by(model._meta.pk.name).iterator() for model in models
    )


def _applied_migrations() -> list[str]:
    return sorted(
        f"{app}.{name}" for app, name in MigrationRecorder(connection).applied_migrations()
    )


def _media_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    if not root.is_dir():
        return []
    return sorted(
        p for p in root.rglob("*") if p.is_file() and p.relative_to(root).parts[0] not in NOT_MEDIA
    )


def backup(path: Path, users: bool = True) -> Summary:
    """Write the backup to ``path`` (replaced in one rename, so never left half-written), readable
    by its owner alone: it holds every user's password hash, unless ``users`` is false, when
    users are left out (and records keep no link to them)."""
    models = backed_up_models() if users else _without_users(backed_up_models())
    with tempfile.TemporaryDirectory(prefix="spi-backup-") as tmp:
        data = Path(tmp) / "data.json"
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            counts = {m._meta.label_lower: m._base_manager.count() for m in models}
            records = serializers.serialize(
                "python",
                _rows(models),
                use_natural_foreign_keys=True,
                use_natural_primary_keys=True,
            )
            if not users:
                _forget_users(records, models)
            with data.open("w", encoding="utf-8") as stream:
                json.dump(records, stream, cls=ExactJSONEncoder, ensure_ascii=False)
            migrations = _applied_migrations()
        media = _media_files()
        root = Path(settings.MEDIA_ROOT)
        manifest = {
            "format": FORMAT,
            "version": VERSION,
            "created": datetime.now(UTC).isoformat(timespec="seconds"),
            "database": connection.vendor,
            "users": users,
            "migrations": migrations,
            "records": counts,
            "media": [p.relative_to(root).as_posix() for p in media],
        }
        (Path(tmp) / "manifest.json").write_text(json.dumps(manifest, indent=2))
        partial = path.with_name(f".{path.name}.partial")
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.fchmod(descriptor, 0o600)  # a partial file left by an earlier run keeps its mode
        with os.fdopen(descriptor, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as archive:
            archive.add(Path(tmp) / "manifest.json", "manifest.json")
            archive.add(data, "data.json")
            for file in media:
                archive.add(file, f"media/{file.relative_to(root).as_posix()}")
        os.replace(partial, path)
    return Summary(records=sum(counts.values()), media_files=len(media))


def restore(path: Path, flush: bool = False) -> Summary:
    """Load a backup into this database and put its media in place, all or nothing. Refuses a
    database that holds records unless ``flush`` (which empties it first, in the same
    transaction)."""
    media_root = Path(settings.MEDIA_ROOT)
    media_root.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="spi-restore-"))
    # The media are unpacked inside MEDIA_ROOT, on its own disk, so they move into place by
    # rename even when MEDIA_ROOT is a mount of its own.
    staging = Path(tempfile.mkdtemp(prefix=".restore-", dir=media_root))
    try:
        manifest = _unpack(path, work, staging)
        data = work / "data.json"
        records = _check_data(data, manifest)
        _check_migrations(manifest)
        if not flush:
            _check_empty()
        cached_under = ContentVersion.current()
        swap = MediaSwap(media_root, staging / "media", keep={staging.name})
        try:
            with transaction.atomic():
                if flush:
                    call_command("flush", interactive=False, verbosity=0)
                _clear_seeded(manifest)
                call_command("loaddata", str(data), verbosity=0)
                # Loading queues index updates; the rebuild that follows a restore covers them.
                PendingUpdate.objects.all().delete()
                # Past every version pages were cached under, here or in the backup's time.
                ContentVersion.objects.filter(pk=1).update(number=Greatest("number", cached_under))
                ContentVersion.bump()
                # Inside the transaction: media that cannot be put in place roll the data back,
                # and a commit that fails puts the old media back.
                swap.apply()
        except Exception as error:  # anything loaddata or a move raises: rolled back
            swap.undo()
            raise BackupError(f"could not restore, nothing was restored: {error}") from None
        finally:
            ContentType.objects.clear_cache()
        swap.finish()
    finally:
        shutil.rmtree(work, ignore_errors=True)
        shutil.rmtree(staging, ignore_errors=True)
    return Summary(records=records, media_files=len(manifest["media"]))


def _clear_seeded(manifest: dict) -> None:
    """Empty the tables migrations seeded that the backup has rows of, so what is left is the
    backup's alone (a group renamed since, the index's counter)."""
    for model in reversed(backed_up_models()):
        label = model._meta.label_lower
        if label in SEEDED_MODELS and manifest.get("records", {}).get(label):
            model._base_manager.all().delete()
    # Natural keys are looked up through this cache, which still holds the deleted rows.
    ContentType.objects.clear_cache()


class MediaSwap:
    """The restored files in place of those in MEDIA_ROOT, moved entry by entry rather than by
    renaming the folder itself, which may be a mount point (renaming one fails with "Device or
    resource busy"). Every move is recorded, so ``undo()`` puts back exactly what was there."""

    def __init__(self, root: Path, staged: Path, keep: set[str]):
        self.root, self.staged = root, staged
        self.keep = keep | NOT_MEDIA
        self.replaced: Path | None = None
        self.moves: list[tuple[Path, Path]] = []

    def _move(self, source: Path, target: Path) -> None:
        os.rename(source, target)
        self.moves.append((source, target))

    def apply(self) -> None:
        self.replaced = Path(tempfile.mkdtemp(prefix=".replaced-", dir=self.root))
        for entry in sorted(self.root.iterdir()):
            if entry.name not in self.keep and entry != self.replaced:
                self._move(entry, self.replaced / entry.name)
        for entry in sorted(self.staged.iterdir()):
            self._move(entry, self.root / entry.name)

    def undo(self) -> None:
        while self.moves:
            source, target = self.moves.pop()
            os.rename(target, source)
        if self.replaced is not None:
            self.replaced.rmdir()
            self.replaced = None

    def finish(self) -> None:
        if self.replaced is not None:
            shutil.rmtree(self.replaced, ignore_errors=True)


def _unpack(path: Path, into: Path, media_into: Path) -> dict:
    """Check every entry of the archive, then extract the data into ``into`` and the media into
    ``media_into``; returns the manifest."""
    try:
        with tarfile.open(path, "r:gz") as archive:
            manifest = _read_manifest(archive)
            members = archive.getmembers()
            _check_members(members, manifest)
            media = [m for m in members if PurePosixPath(m.name).parts[0] == "media"]
            data = [m for m in members if m not in media]
            archive.extractall(into, members=data, filter="data")
            archive.extractall(media_into, members=media, filter="data")
    except (OSError, tarfile.TarError, EOFError, zlib.error) as error:
        raise BackupError(f"{path} is not a portal backup, or a damaged one: {error}") from None
    (media_into / "media").mkdir(exist_ok=True)
    return manifest


def _read_manifest(archive: tarfile.TarFile) -> dict:
    try:
        manifest = json.load(archive.extractfile("manifest.json"))
    except KeyError:
        raise BackupError("not a portal backup: it has no manifest.json") from None
    except ValueError as error:
        raise BackupError(f"the backup's manifest.json is unreadable: {error}") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError("not a portal backup: its manifest is not a portal backup's")
    if manifest.get("version") != VERSION:
        raise BackupError(f"backup format version {manifest.get('version')!r} is not {VERSION}")
    return manifest


def _check_members(members: list[tarfile.TarInfo], manifest: dict) -> None:
    media = set()
    for member in members:
        name = PurePosixPath(member.name)
        if name.is_absolute() or ".." in name.parts or not (member.isfile() or member.isdir()):
            raise BackupError(f"unexpected entry in the backup: {member.name}")
        if name.parts[0] == "media" and member.isfile():
            media.add(name.relative_to("media").as_posix())
        elif member.name not in ("manifest.json", "data.json", "media"):
            raise BackupError(f"unexpected entry in the backup: {member.name}")
    if media != set(manifest.get("media", ())):
        raise BackupError("the backup's media files are not those its manifest lists")


def _check_data(data: Path, manifest: dict) -> int:
    try:
        objects = json.loads(data.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise BackupError(f"the backup's data.json is unreadable: {error}") from None
    if not isinstance(objects, list) or not all(
        isinstance(o, dict) and "model" in o and isinstance(o.get("fields"), dict) for o in objects
    ):
        raise BackupError("the backup's data.json is not a list of records")
    counts: dict[str, int] = {}
    for o in objects:
        counts[o["model"]] = counts.get(o["model"], 0) + 1
    expected = {label: n for label, n in manifest.get("records", {}).items() if n}
    if counts != expected:
        raise BackupError("the backup's data.json does not hold the records its manifest lists")
    return len(objects)


def _check_migrations(manifest: dict) -> None:
    missing = sorted(set(manifest.get("migrations", ())) - set(_applied_migrations()))
    if missing:
        raise BackupError(
            "the backup comes from a newer version of the portal; this database lacks the "
            f"migrations {', '.join(missing)} (update the code and run migrate first)"
        )


def _check_empty() -> None:
    try:
        holding = [
            model._meta.label
            for model in backed_up_models()
            if model._meta.label_lower not in SEEDED_MODELS and model._base_manager.exists()
        ]
    except DatabaseError as error:
        raise BackupError(f"cannot read this database (run migrate first?): {error}") from None
    if holding:
        raise BackupError(
            f"this database already holds records ({', '.join(holding[:5])}"
            f"{', ...' if len(holding) > 5 else ''}); restore into an empty database, or give "
            "--flush to replace everything in it"
        )
