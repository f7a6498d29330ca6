from pathlib import Path

from django.core.management.base import BaseCommand

from spi_portal.backup import backup


class Command(BaseCommand):
    help = (
        "Back up the whole portal to FILE (.tar.gz): every record (content, taxonomy, "
        "revisions, audit log, users, groups and permissions) read in one transaction, and "
        "the uploaded media files, readable by the file's owner alone. Restore it with the "
        "restore command."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="where to write the backup, e.g. spi.tar.gz")
        parser.add_argument(
            "--without-users",
            action="store_true",
            help="leave out users and their password hashes (and the admin's history); "
            "revisions and audit events keep their origin but no user",
        )

    def handle(self, *args, file: Path, without_users: bool, **options):
        summary = backup(file, users=not without_users)
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up {summary.records} records and {summary.media_files} media files "
                f"to {file}."
            )
        )
