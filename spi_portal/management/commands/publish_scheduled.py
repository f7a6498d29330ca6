from django.core.management.base import BaseCommand
from django.db import transaction

from editorial.workflow import due_for_publication, finalize_publication
from lessons.models import Lesson
from projects.models import Project, Resource


class Command(BaseCommand):
    help = (
        "Finish publishing records whose scheduled publish time has come: record in the audit log "
        "that they went live and tell the page cache and the search index. Public pages "
        "already hide a record until its time; run this from cron every few minutes."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="list what is due without changing anything"
        )

    def handle(self, *args, dry_run, **options):
        total = 0
        for model in (Project, Lesson, Resource):
            for obj in due_for_publication(model):
                self.stdout.write(f"{model._meta.verbose_name}: {obj} (due {obj.go_live_at})")
                if not dry_run:
                    with transaction.atomic():
                        finalize_publication(obj)
                total += 1
        verb = "would go live" if dry_run else "went live"
        self.stdout.write(self.style.SUCCESS(f"{total} scheduled records {verb}."))
