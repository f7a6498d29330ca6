from django.core.management.base import BaseCommand, CommandError

from search.backends import IndexBusy, get_backend
from search.indexing import count_public, rebuild


class ProgressBar:
    """A one-line bar on a terminal; a line every tenth of the way otherwise (logs, CI)."""

    def __init__(self, out, total: int, width: int = 30):
        self.out, self.total, self.width = out, max(total, 1), width
        self.tty = getattr(out, "isatty", lambda: False)()
        self.shown = -1

    def __call__(self, done: int) -> None:
        tenth = done * 10 // self.total
        if not self.tty and (tenth == self.shown or (done < self.total and tenth == 0)):
            return
        self.shown = tenth
        filled = self.width * min(done, self.total) // self.total
        bar = f"[{'#' * filled}{'.' * (self.width - filled)}] {done}/{self.total}"
        self.out.write(f"\r{bar}" if self.tty else bar, ending="" if self.tty else "\n")
        self.out.flush()


class Command(BaseCommand):
    help = (
        "Index every published document afresh in the configured engine (SEARCH_BACKEND). "
        "Whoosh builds the new index beside the live one and swaps it in when complete; "
        "PostgreSQL replaces the entries in one transaction. Either way readers see the old "
        "index until then, never an empty one."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--clear",
            action="store_true",
            help=(
                "start from empty storage, as after a schema change (every Whoosh rebuild "
                "does; PostgreSQL truncates its tables, inside the rebuild's transaction)"
            ),
        )

    def handle(self, *args, clear, **options):
        backend = get_backend()
        progress = ProgressBar(self.stdout, count_public()) if options["verbosity"] else None
        try:
            count = rebuild(backend, clear=clear, progress=progress)
        except IndexBusy:
            raise CommandError("another process is writing the index; try again") from None
        if progress and progress.tty:
            self.stdout.write("")
        if options["verbosity"]:
            self.stdout.write(self.style.SUCCESS(f"Indexed {count} documents with {backend.name}."))
