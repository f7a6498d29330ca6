"""Keeping the index in step with the database.

An edit writes a ``PendingUpdate`` row in its own transaction and, once that commits, asks for
the queue to be applied. Whoever holds the index's single writer applies every pending row: it
reads the records' current state, writes or removes their documents, and deletes the rows it
has applied. A process that finds the writer taken retries until its rows are gone, applied by
itself or by the holder, so concurrent saves never raise ``LockError`` at a reader and never
lose an update. Rows left behind by a crash are applied by the next edit or by ``check_index``.
An edit that finds the index missing or damaged rebuilds it, rather than start a new index
holding only its own record.
"""

import logging
import time
from collections.abc import Callable, Iterable, Iterator

from django.db.models import Max

from editorial.transactions import on_commit_once
from projects.models import Project
from search.backends import IndexBusy, IndexUnavailable, SearchBackend, get_backend
from search.documents import (
    KINDS,
    Document,
    all_documents,
    dependent_keys,
    documents_for,
    projects_dependent_keys,
    split_key,
)
from search.models import PendingUpdate

from . import vectors

logger = logging.getLogger(__name__)

# How long one attempt waits for the writer, and how long a save keeps retrying in all. A save
# that gives up leaves its rows queued for the next writer; it never fails the request.
LOCK_WAIT = 0.5
GIVE_UP_AFTER = 60.0
# Queued rows from which applying them may be done as a rebuild (see ``apply_pending``).
REBUILD_FROM = 2000


# A queued key with this mark refreshes its own document only, not the documents showing it.
ALONE = "="


def enqueue(keys: Iterable[str], alone: Iterable[str] = ()) -> None:
    """Queue documents for refreshing once the current transaction commits: ``keys`` with the
    documents that show something of them, ``alone`` by themselves (a strategy newly linked to a
    project changes the strategy's own document, not those of its hundred other projects)."""
    wanted = {k for k in keys if k} | {ALONE + k for k in alone if k}
    rows = [PendingUpdate(key=key) for key in sorted(wanted)]
    if not rows:
        return
    PendingUpdate.objects.bulk_create(rows)
    # One application after the commit covers every row the transaction queued.
    on_commit_once(apply_pending, robust=True)


def _expand(keys: set[str]) -> set[str]:
    """Add the documents that show something of these records (see ``dependent_keys``); a key
    marked ``ALONE`` stands for its own document only."""
    expanded = {key.removeprefix(ALONE) for key in keys}
    projects = []
    for key in keys:
        if key.startswith(ALONE):
            continue
        kind, pk = split_key(key)
        if kind == "project":
            projects.append(pk)  # the many an import touches are expanded together
        elif kind in KINDS:
            obj = KINDS[kind].model.objects.filter(pk=pk).first()
            if obj is not None:
                expanded |= dependent_keys(obj)
    return expanded | projects_dependent_keys(projects)


def apply_once(backend: SearchBackend, timeout: float = LOCK_WAIT) -> int:
    """Apply every queued row under the writer; returns how many rows were applied. Raises
    ``IndexBusy`` when another process holds the writer."""
    with backend.writer(timeout=timeout) as writer:
        # Read the queue only once the writer is ours: any row committed before this point is
        # applied from the records' state as of now, which is at least as new as the row.
        rows = list(PendingUpdate.objects.values_list("pk", "key"))
        if not rows:
            return 0
        keys = _expand({key for _pk, key in rows})
        documents = documents_for(keys)
        writer.update(documents.values())
        writer.delete(keys - documents.keys())
        vectors.store(documents.values())
        vectors.remove(keys - documents.keys())
        # On PostgreSQL this runs inside the writer's transaction, so the entries and the queue
        # change together; with Whoosh a crash before this line only means a harmless re-apply.
        # By id, not "up to the highest id": a row with a lower id may commit only now.
        PendingUpdate.objects.filter(pk__in=[pk for pk, _key in rows]).delete()
    return len(rows)


def _apply_or_rebuild(backend: SearchBackend) -> None:
    try:
        apply_once(backend)
    except IndexUnavailable as error:
        logger.warning("%s; rebuilding it", error)
        rebuild(backend)


def apply_pending(backend: SearchBackend | None = None, give_up_after: float = GIVE_UP_AFTER):
    """Apply the queue as it stands now, waiting for another writer if need be. A queue about
    most of the index (a large import) is applied by rebuilding it: beside the live index and,
    with Whoosh, analysed in several processes, rather than one document at a time."""
    backend = backend or get_backend()
    last = PendingUpdate.objects.aggregate(last=Max("pk"))["last"]
    if last is None:
        return
    if _mostly_new(PendingUpdate.objects.filter(pk__lte=last).count()):
        try:
            rebuild(backend)
            return
        except IndexBusy:
            pass  # another process is rebuilding; wait for the writer as usual
    deadline = time.monotonic() + give_up_after
    while PendingUpdate.objects.filter(pk__lte=last).exists():
        try:
            _apply_or_rebuild(backend)
        except IndexBusy:
            if time.monotonic() >= deadline:
                logger.warning("search index busy; updates stay queued for the next writer")
                return


def _mostly_new(rows: int) -> bool:
    if rows < REBUILD_FROM:
        return False
    return rows >= Project.objects.published().count() // 2


def rebuild(
    backend: SearchBackend | None = None,
    clear: bool = False,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Index every public document afresh. Queued rows older than the rebuild are covered by
    it; rows queued meanwhile are applied afterwards."""
    backend = backend or get_backend()
    covered = PendingUpdate.objects.aggregate(last=Max("pk"))["last"] or 0
    written: list[Document] = []

    def kept(documents: Iterator[Document]) -> Iterator[Document]:
        for document in documents:
            written.append(document)
            yield document

    count = backend.rebuild(kept(all_documents()), clear=clear, progress=progress)
    # After the index, so vectors never describe documents a failed rebuild did not write.
    vectors.store(written)
    vectors.keep_only({document.key for document in written})
    PendingUpdate.objects.filter(pk__lte=covered).delete()
    apply_pending(backend)
    return count


def count_public() -> int:
    return sum(kind.queryset().count() for kind in KINDS.values())


def compare(backend: SearchBackend | None = None) -> tuple[set[str], set[str], set[str]]:
    """Keys missing from the index, stale in it (changed since indexed, or whose meaning
    vector is missing or older than the document), and extra in it (no longer public)."""
    backend = backend or get_backend()
    indexed = backend.fingerprints()
    expected = {document.key: document.fingerprint for document in all_documents()}
    missing = expected.keys() - indexed.keys()
    stale = {key for key in expected.keys() & indexed.keys() if expected[key] != indexed[key]}
    stale |= vectors.stale_keys(expected) - missing
    extra = indexed.keys() - expected.keys()
    return missing, stale, extra
