import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from projects.exchange.exporter import export_projects
from projects.models import Project


class Command(BaseCommand):
    help = "Write projects to an exchange-format JSON file that import_projects reads back."

    def add_arguments(self, parser):
        parser.add_argument("file", help="path to write, or - for standard output")
        parser.add_argument(
            "--published-only", action="store_true", help="leave out drafts and unpublished"
        )

    def handle(self, *args, file, published_only, **options):
        projects = Project.objects.published() if published_only else Project.objects.all()
        records = export_projects(projects)
        text = json.dumps(records, indent=2, ensure_ascii=False) + "\n"
        if file == "-":
            self.stdout.write(text, ending="")
            return
        try:
            Path(file).write_text(text, encoding="utf-8")
        except OSError as error:
            raise CommandError(f"{file}: cannot be written ({error})") from None
        self.stdout.write(self.style.SUCCESS(f"{len(records)} projects written to {file}"))
