from django.core.management.base import BaseCommand, CommandError

from projects.exchange.files import read_records
from projects.exchange.importer import Importer


class Command(BaseCommand):
    help = (
        "Import SPI projects from an exchange-format JSON file (see README). Importing the same "
        "file twice changes nothing; a changed file updates projects in place. New projects are "
        "drafts unless --publish is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="path to the JSON file")
        parser.add_argument("--publish", action="store_true", help="publish what is imported")
        parser.add_argument(
            "--dry-run", action="store_true", help="report what would change; save nothing"
        )
        parser.add_argument(
            "--atomic",
            action="store_true",
            help="all or nothing: if any record fails, import none",
        )

    def handle(self, *args, file, publish, dry_run, atomic, **options):
        records = read_records(file)
        report = Importer(
            publish=publish, dry_run=dry_run, atomic=atomic, origin=f"import: {file}"
        ).run(records)
        verbose = options["verbosity"] > 1
        for kind, labels in (("created", report.created), ("updated", report.updated)):
            for label in labels:
                self.stdout.write(f"{'would be ' if dry_run else ''}{kind}: {label}")
        if verbose:
            for label in report.unchanged:
                self.stdout.write(f"unchanged: {label}")
        for (kind, term), count in sorted(report.unmapped.items()):
            self.stdout.write(
                self.style.WARNING(
                    f"unmapped {kind}: {term!r} ({count} record(s)); kept for an editor"
                )
            )
        for warning in report.warnings:
            self.stdout.write(self.style.WARNING(f"warning: {warning}"))
        for error in report.errors:
            self.stderr.write(self.style.ERROR(f"error: {error}"))
        summary = f"{len(records)} records: {report.summary()}"
        if dry_run:
            summary += " [dry run]"
        if report.errors:
            raise CommandError(summary)
        self.stdout.write(self.style.SUCCESS(summary))
