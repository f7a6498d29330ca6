from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from search import vectors
from search.backends import IndexUnavailable, get_backend
from search.documents import documents_for
from search.indexing import apply_pending, compare, rebuild
from search.models import PendingUpdate

# Queued updates are applied within moments of the edit; one older than this is stuck.
STUCK_AFTER = timedelta(minutes=1)


class Command(BaseCommand):
    help = (
        "Compare the search index with the database: documents missing from the index, stale "
        "in it (or their meaning vectors behind), or still there though no longer public, the "
        "whole index missing or unreadable, "
        "or updates queued for more than a minute and never applied. Exits non-zero when they "
        "differ; --fix applies the queue and mends the rest (rebuilding a missing or damaged "
        "index). Run it from cron to catch scheduled publications going live."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--fix", action="store_true", help="apply the queue, then index or remove what differs"
        )

    def handle(self, *args, fix, **options):
        backend = get_backend()
        try:
            if fix:
                applied = self._apply_queue(backend)
            missing, stale, extra = compare(backend)
        except IndexUnavailable as error:
            if not fix:
                raise CommandError(f"{error}. Run check_index --fix or rebuild_index.") from None
            count = rebuild(backend)
            self.stdout.write(self.style.SUCCESS(f"Rebuilt the index: {count} documents."))
            return
        stuck = PendingUpdate.objects.filter(created_at__lt=timezone.now() - STUCK_AFTER)
        for label, keys in (
            ("missing", missing),
            ("stale", stale),
            ("not public", extra),
            ("queued", set(stuck.values_list("key", flat=True))),
        ):
            for key in sorted(keys):
                self.stdout.write(f"{label}: {key}")
        summary = f"{len(missing)} missing, {len(stale)} stale, {len(extra)} not public"
        if fix and applied:
            summary = f"{applied} queued updates applied, {summary}"
        elif not fix and stuck.exists():
            summary = f"{summary}, {stuck.count()} updates queued for more than a minute"
        if not (missing or stale or extra or stuck.exists()):
            done = f" ({summary})" if fix and applied else ""
            self.stdout.write(
                self.style.SUCCESS(f"Index matches the database ({backend.name}){done}.")
            )
            return
        if not fix:
            raise CommandError(f"Index differs from the database: {summary}.")
        with backend.writer(timeout=30) as writer:
            documents = documents_for(missing | stale)
            writer.update(documents.values())
            writer.delete(extra)
            vectors.store(documents.values())
            vectors.remove(extra)
        self.stdout.write(self.style.SUCCESS(f"Fixed: {summary}."))

    def _apply_queue(self, backend) -> int:
        """Apply every queued update (an index that could not be written leaves them queued);
        returns how many there were."""
        queued = PendingUpdate.objects.count()
        try:
            apply_pending(backend, give_up_after=30)
        except OSError as error:
            raise CommandError(f"the search index cannot be written: {error}") from None
        left = PendingUpdate.objects.count()
        if left:
            raise CommandError(f"{left} queued updates could not be applied: the index is busy")
        return queued
