"""Backing up and restoring the whole portal: every record and the uploaded files.

A backup is a ``.tar.gz`` holding ``manifest.json`` (format, date, the migrations the data
fits, a count per model, the media files), ``data.json`` (Django's serialization of every
model, with natural keys for content types, permissions, groups and users, so it loads into a
database whose migrations made its own) and ``media/``. It is read in one transaction
(REPEATABLE READ on PostgreSQL, one read transaction on SQLite), so it is one moment's state.

Left out, because they are rebuilt or are only about the present moment: sessions, the search
index (its PostgreSQL tables and the queue of pending index updates: restore rebuilds the
index), and login-failure records.

A restore checks the whole file before it writes anything, loads the data in one transaction
and only then puts the media in place, so a bad file changes nothing.
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
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.management import call_command
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DatabaseError, connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import Model
from django.db.models.functions import Greatest

from editorial.models import ContentVersion
from search.models import PendingUpdate

FORMAT = "spi-portal-backup"
VERSION = 1
SKIPPED_MODELS = {
    "sessions.session",
    "search.pendingupdate",
    "search.searchentry",
    "search.searchfacet",
}
SKIPPED_APPS = {"axes"}
# What migrations create in any database: a database holding only these counts as empty.
SEEDED_MODELS = {
    "contenttypes.contenttype",
    "auth.permission",
    "auth.group",
    "editorial.contentversion",
}


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
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else []


def backup(path: Path) -> Summary:
    """Write the backup to ``path`` (replaced in one rename, so never left half-written)."""
    models = backed_up_models()
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
            "migrations": migrations,
            "records": counts,
            "media": [p.relative_to(root).as_posix() for p in media],
        }
        (Path(tmp) / "manifest.json").write_text(json.dumps(manifest, indent=2))
        partial = path.with_name(f".{path.name}.partial")
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(Path(tmp) / "manifest.json", "manifest.json")
            archive.add(data, "data.json")
            for file in media:
                archive.add(file, f"media/{file.relative_to(root).as_posix()}")
        os.replace(partial, path)
    return Summary(records=sum(counts.values()), media_files=len(media))


def restore(path: Path, flush: bool = False) -> Summary:
    """Load a backup into this database and put its media in place. Refuses a database that
    holds records unless ``flush`` (which empties it first, in the same transaction)."""
    media_root = Path(settings.MEDIA_ROOT)
    media_root.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{media_root.name}-restore-", dir=media_root.parent))
    try:
        manifest = _unpack(path, staging)
        data = staging / "data.json"
        records = _check_data(data, manifest)
        _check_migrations(manifest)
        if not flush:
            _check_empty()
        cached_under = ContentVersion.current()
        try:
            with transaction.atomic():
                if flush:
                    call_command("flush", interactive=False, verbosity=0)
                call_command("loaddata", str(data), verbosity=0)
                # Loading queues index updates; the rebuild that follows a restore covers them.
                PendingUpdate.objects.all().delete()
                # Past every version pages were cached under, here or in the backup's time.
                ContentVersion.objects.filter(pk=1).update(number=Greatest("number", cached_under))
                ContentVersion.bump()
        except Exception as error:  # anything loaddata raises: the transaction rolled back
            raise BackupError(f"could not load the data, nothing was restored: {error}") from None
        ContentType.objects.clear_cache()
        _replace_media(staging / "media", media_root)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return Summary(records=records, media_files=len(manifest["media"]))


def _unpack(path: Path, into: Path) -> dict:
    """Check every entry of the archive, then extract it; returns the manifest."""
    try:
        with tarfile.open(path, "r:gz") as archive:
            manifest = _read_manifest(archive)
            members = archive.getmembers()
            _check_members(members, manifest)
            archive.extractall(into, members=members, filter="data")
    except (OSError, tarfile.TarError, EOFError, zlib.error) as error:
        raise BackupError(f"{path} is not a portal backup, or a damaged one: {error}") from None
    (into / "media").mkdir(exist_ok=True)
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


def _replace_media(staged: Path, media_root: Path) -> None:
    """Swap the restored media folder in for the current one (two renames)."""
    if media_root.exists():
        replaced = media_root.with_name(f".{media_root.name}-replaced-{os.getpid()}")
        os.rename(media_root, replaced)
        os.rename(staged, media_root)
        shutil.rmtree(replaced, ignore_errors=True)
    else:
        os.rename(staged, media_root)
