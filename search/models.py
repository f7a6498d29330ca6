"""Tables the search app keeps in the database.

``PendingUpdate`` is the durable queue of records whose search documents must be refreshed. A
row is written in the same transaction as the edit, so a rolled-back edit leaves no row and a
committed one can never be forgotten, whichever worker (or later command) applies it.

``DocumentVector`` holds each document's embedding for ranking by meaning.

``SearchEntry`` and ``SearchFacet`` are the PostgreSQL engine's index, and ``IndexGeneration``
counts its writes. The weighted ``vector``
column and its GIN index are PostgreSQL-only, so the migration adds them there alone; on SQLite
the tables exist but stay empty.
"""

from django.db import models


class PendingUpdate(models.Model):
    """A record (by document key, "project:12") whose search document may have changed."""

    key = models.CharField(max_length=80)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.key


class SearchEntry(models.Model):
    """One searchable document in the PostgreSQL engine."""

    key = models.CharField(max_length=80, unique=True)
    kind = models.CharField(max_length=20)
    title = models.TextField()
    subtitle = models.TextField(blank=True)
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True)
    keywords = models.TextField(blank=True)
    url = models.CharField(max_length=500, blank=True)
    cohort_year = models.PositiveSmallIntegerField(null=True)
    fingerprint = models.CharField(max_length=40)
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "search entries"

    def __str__(self):
        return self.key


class SearchFacet(models.Model):
    """One facet value of an entry (strategy "foot-patrol", state "PA"...), counted by
    aggregation and filtered with EXISTS."""

    entry = models.ForeignKey(SearchEntry, on_delete=models.CASCADE, related_name="facets")
    name = models.CharField(max_length=20)
    value = models.CharField(max_length=120)

    class Meta:
        indexes = [models.Index(fields=["name", "value"], name="search_facet_name_value")]

    def __str__(self):
        return f"{self.name}={self.value}"


class IndexGeneration(models.Model):
    """One row counting the PostgreSQL engine's writes, moved on in each writer's transaction:
    answers cached under it are never served from an older index, and reading it is one row
    (counting the entries was most of a cached search's time at ten thousand projects)."""

    number = models.PositiveBigIntegerField(default=0)

    def __str__(self):
        return f"generation {self.number}"


class DocumentVector(models.Model):
    """The meaning of one indexed document as the sentence-embedding model reads it
    (``search.embedding``): kept beside the index, written by the same rebuild and the same
    queue, and read by the question box to rank by meaning as well as by words. A table rather
    than a file so both engines share it and it commits with the queue it is applied from."""

    key = models.CharField(max_length=80, primary_key=True)
    fingerprint = models.CharField(max_length=40)
    vector = models.BinaryField()
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return self.key
