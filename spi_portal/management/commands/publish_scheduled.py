from django.core.management.base import BaseCommand

from editorial.drafts import describe_due, publish_due


class Command(BaseCommand):
    help = (
        "Publish the scheduled drafts whose time has come, at once (the worker started by "
        "make serve and make prod does this every 30 seconds by itself)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="list what is due without changing anything"
        )

    def handle(self, *args, dry_run, **options):
        if dry_run:
            due = describe_due()
            for name in due:
                self.stdout.write(name)
            self.stdout.write(self.style.SUCCESS(f"{len(due)} scheduled records would go live."))
            return
        went_live = publish_due()
        for name in went_live:
            self.stdout.write(name)
        self.stdout.write(self.style.SUCCESS(f"{len(went_live)} scheduled records went live."))
