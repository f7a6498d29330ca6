from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from search.indexing import rebuild
from spi_portal.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by the backup command into this (migrated, empty) database "
        "and put its media files in place. The whole file is checked first and the data is "
        "loaded in one transaction: a bad file changes nothing. Then the search index is "
        "rebuilt."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="the backup file (.tar.gz)")
        parser.add_argument(
            "--flush",
            action="store_true",
            help="empty a database that holds records first (everything in it is replaced)",
        )
        parser.add_argument(
            "--no-index",
            action="store_true",
            help="leave the search index alone (then run rebuild_index yourself)",
        )

    def handle(self, *args, file: Path, flush: bool, no_index: bool, **options):
        try:
            summary = restore(file, flush=flush)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Restored {summary.records} records and {summary.media_files} media files from {file}."
        )
        if no_index:
            self.stdout.write("Search index not rebuilt: run `manage.py rebuild_index` now.")
            return
        count = rebuild()
        self.stdout.write(self.style.SUCCESS(f"Search index rebuilt: {count} documents."))
