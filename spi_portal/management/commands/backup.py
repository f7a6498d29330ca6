from pathlib import Path

from django.core.management.base import BaseCommand

from spi_portal.backup import backup


class Command(BaseCommand):
    help = (
        "Back up the whole portal to FILE (.tar.gz): every record (content, taxonomy, "
        "revisions, audit log, users, groups and permissions) read in one transaction, and "
        "the uploaded media files. Restore it with the restore command."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="where to write the backup, e.g. spi.tar.gz")

    def handle(self, *args, file: Path, **options):
        summary = backup(file)
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up {summary.records} records and {summary.media_files} media files "
                f"to {file}."
            )
        )
