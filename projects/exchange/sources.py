"""Load what is known about the shipped sources (fixtures/sources.json): title, publisher, date,
kind, and for a copy the original it copies, by address."""

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError

from projects.models import Source, SourceKind, canonical_address

from .changes import upsert

FIELDS = ("title", "publisher", "date", "kind")


def load_sources(entries: list[dict]) -> int:
    """Create or update sources by address; returns how many were created or changed. The
    originals are set once every address exists, so the order of the entries does not matter."""
    # Addresses are stored as the importer stores them, so an entry meets its imported source.
    entries = [
        {
            **entry,
            "url": canonical_address(entry["url"]),
            "copy_of": _canonical(entry.get("copy_of")),
        }
        for entry in entries
    ]
    changed = 0
    for entry in entries:
        if entry.get("kind") not in SourceKind.values:
            raise CommandError(f"{entry.get('url')}: unknown kind {entry.get('kind')!r}")
        values = {name: entry.get(name) or "" for name in FIELDS}
        changed += upsert(Source, {"url": entry["url"]}, values)[1]
    by_url = {s.url: s for s in Source.objects.filter(url__in=[e["url"] for e in entries])}
    for entry in entries:
        source = by_url[entry["url"]]
        original = by_url.get(entry.get("copy_of")) if entry.get("copy_of") else None
        if entry.get("copy_of") and original is None:
            raise CommandError(f"{entry['url']}: its original {entry['copy_of']} is not listed")
        if source.copy_of_id != (original.pk if original else None):
            source.copy_of = original
            try:
                source.full_clean()
            except ValidationError as error:
                raise CommandError(f"{source.url}: {' '.join(error.messages)}") from None
            source.save()
            changed += 1
    return changed


def _canonical(url: str | None) -> str | None:
    return canonical_address(url) if url else url
