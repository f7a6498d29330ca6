"""Each indexed document's embedding (``DocumentVector``), kept in step with the index: a
rebuild writes them all, the queue writes those of the documents it refreshes and removes those
it removes (``search.indexing``), so the content-changed path that keeps the index current keeps
these current too. ``check_index`` finds a document whose vector is missing or older than its
text through ``stale_keys``.

Readers get the vectors of one kind as a NumPy matrix, kept in this process until a vector
changes (one query to tell).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from threading import Lock

import numpy as np
from django.db.models import Count, Max

from . import embedding
from .documents import Document
from .models import DocumentVector

BATCH = 200


def meaning_text(document: Document) -> str:
    """What a document's vector is made from: what it is called, then what it is about."""
    parts = [document.title, document.subtitle, document.keywords, document.summary, document.body]
    return "\n".join(p for p in parts if p)


def store(documents: Iterable[Document]) -> int:
    """Write the vectors of ``documents`` whose text changed since embedded; returns how many."""
    documents = list(documents)
    if not documents:
        return 0
    known = dict(
        DocumentVector.objects.filter(key__in=[d.key for d in documents]).values_list(
            "key", "fingerprint"
        )
    )
    changed = [d for d in documents if known.get(d.key) != d.fingerprint]
    for start in range(0, len(changed), BATCH):
        batch = changed[start : start + BATCH]
        rows = embedding.embed([meaning_text(d) for d in batch])
        DocumentVector.objects.filter(key__in=[d.key for d in batch]).delete()
        DocumentVector.objects.bulk_create(
            DocumentVector(key=d.key, fingerprint=d.fingerprint, vector=embedding.to_bytes(row))
            for d, row in zip(batch, rows, strict=True)
        )
    return len(changed)


def remove(keys: Iterable[str]) -> None:
    keys = list(keys)
    if keys:
        DocumentVector.objects.filter(key__in=keys).delete()


def keep_only(keys: set[str]) -> None:
    """Remove the vectors of documents a rebuild no longer holds."""
    DocumentVector.objects.exclude(key__in=keys).delete()


def stale_keys(expected: dict[str, str]) -> set[str]:
    """Of ``expected`` (key: fingerprint), the keys whose vector is missing or older."""
    have = dict(DocumentVector.objects.values_list("key", "fingerprint"))
    return {key for key, fingerprint in expected.items() if have.get(key) != fingerprint}


@dataclass(frozen=True)
class Matrix:
    keys: tuple[str, ...]
    vectors: np.ndarray

    def ranked(self, query: np.ndarray) -> list[tuple[str, float]]:
        """Every key with its cosine similarity to ``query``, the closest first."""
        if not self.keys:
            return []
        scores = self.vectors @ query
        order = np.argsort(-scores, kind="stable")
        return [(self.keys[i], float(scores[i])) for i in order]


_cache: dict[str, tuple[tuple, Matrix]] = {}
_lock = Lock()


def matrix(kind: str) -> Matrix:
    """The vectors of every document of ``kind`` ("project"), as one matrix."""
    prefix = f"{kind}:"
    rows = DocumentVector.objects.filter(key__startswith=prefix)
    state = rows.aggregate(count=Count("key"), last=Max("updated_at"))
    token = (state["count"], state["last"])
    cached = _cache.get(kind)
    if cached and cached[0] == token:
        return cached[1]
    pairs = list(rows.order_by("key").values_list("key", "vector"))
    vectors = np.stack([embedding.from_bytes(v) for _k, v in pairs]) if pairs else np.zeros((0, 0))
    built = Matrix(tuple(k for k, _v in pairs), vectors)
    with _lock:
        _cache[kind] = (token, built)
    return built
