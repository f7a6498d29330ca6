from django.core.management.base import BaseCommand, CommandError

from tools.loadtest import Sandbox, run_load


class Command(BaseCommand):
    help = (
        "Put the portal under load as production runs it: gunicorn with production settings on "
        "a throwaway copy (a new database beside DATABASE_URL's, PostgreSQL or SQLite, with the "
        "real content, its own index and static files), public readers and editors saving and "
        "publishing through the admin at once, on the loopback address only. Prints requests "
        "served, server errors, median and p95 latency, saves landed or refused as stale, and "
        "check_index afterwards; exits non-zero on any 5xx, lost save or index difference. "
        "Your own database is never written to."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seconds", type=float, default=120, help="how long (default 120)")
        parser.add_argument("--clients", type=int, default=32, help="concurrent clients (32)")
        parser.add_argument("--editors", type=int, default=4, help="of which editors (4)")
        parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (4)")

    def handle(self, *args, seconds, clients, editors, workers, **options):
        if not (1 <= seconds <= 3600 and 1 <= editors < clients <= 256 and 1 <= workers <= 32):
            raise CommandError(
                "need 1-3600 seconds, at least one editor and one reader (clients up to 256), "
                "and 1-32 workers"
            )
        self.stdout.write("Preparing a throwaway portal (database, content, index, static)...")
        with Sandbox(editors=editors) as sandbox:
            self.stdout.write(f"Running {clients} clients for {seconds:.0f} s...")
            report = run_load(sandbox, seconds, clients, editors, workers)
        for line in report.lines():
            self.stdout.write(line)
        if not report.ok:
            raise CommandError("the portal did not hold under load (see above)")
        self.stdout.write(self.style.SUCCESS("The portal held under load."))
