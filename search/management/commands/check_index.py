from django.core.management.base import BaseCommand, CommandError

from search.backends import IndexUnavailable, get_backend
from search.documents import documents_for
from search.indexing import compare, rebuild


class Command(BaseCommand):
    help = (
        "Compare the search index with the database: documents missing from the index, stale "
        "in it, or still there though no longer public, or the whole index missing or "
        "unreadable. Exits non-zero when they differ; --fix mends them (rebuilding a missing or "
        "damaged index). Run it from cron to catch scheduled publications going live."
    )

    def add_arguments(self, parser):
        parser.add_argument("--fix", action="store_true", help="index or remove what differs")

    def handle(self, *args, fix, **options):
        backend = get_backend()
        try:
            missing, stale, extra = compare(backend)
        except IndexUnavailable as error:
            if not fix:
                raise CommandError(f"{error}. Run check_index --fix or rebuild_index.") from None
            count = rebuild(backend)
            self.stdout.write(self.style.SUCCESS(f"Rebuilt the index: {count} documents."))
            return
        for label, keys in (("missing", missing), ("stale", stale), ("not public", extra)):
            for key in sorted(keys):
                self.stdout.write(f"{label}: {key}")
        summary = f"{len(missing)} missing, {len(stale)} stale, {len(extra)} not public"
        if not (missing or stale or extra):
            self.stdout.write(self.style.SUCCESS(f"Index matches the database ({backend.name})."))
            return
        if not fix:
            raise CommandError(f"Index differs from the database: {summary}.")
        with backend.writer(timeout=30) as writer:
            writer.update(documents_for(missing | stale).values())
            writer.delete(extra)
        self.stdout.write(self.style.SUCCESS(f"Fixed: {summary}."))
