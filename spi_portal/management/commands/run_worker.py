from django.core.management.base import BaseCommand

from spi_portal.worker import run_forever, run_once


class Command(BaseCommand):
    help = (
        "Publish scheduled drafts at their time and apply queued search updates, every "
        "--interval seconds (make serve and make prod start it beside the web server)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval", type=float, default=30.0, help="seconds between passes (default 30)"
        )
        parser.add_argument("--once", action="store_true", help="one pass, then stop")

    def handle(self, *args, interval, once, **options):
        if once:
            went_live, queued = run_once()
            for name in went_live:
                self.stdout.write(f"went live: {name}")
            self.stdout.write(
                self.style.SUCCESS(
                    f"{len(went_live)} scheduled records went live; "
                    f"{queued} queued search updates applied."
                )
            )
            return
        if interval <= 0:
            self.stderr.write("--interval must be more than 0 seconds")
            raise SystemExit(2)
        self.stdout.write(f"Worker started: a pass every {interval:g} s.")
        try:
            run_forever(interval, self.stdout.write)
        except KeyboardInterrupt:
            self.stdout.write("Worker stopped.")
