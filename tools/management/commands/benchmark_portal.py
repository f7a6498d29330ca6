from django.conf import settings
from django.core.management.base import BaseCommand

from projects.exchange.files import read_records
from tools.benchmark import compare, run


class Command(BaseCommand):
    help = (
        "Measure every page type, the downloads, import speed and throughput under load, on the "
        "real data plus synthetic projects, served by gunicorn; each figure is also given as a "
        "ratio to a floor page in the same run. SQLite by default; PostgreSQL with DATABASE_URL "
        "(a throwaway database is created beside it and dropped)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--sizes", nargs="+", type=int, default=[1000, 10000])
        parser.add_argument("--repeat", type=int, default=20, help="requests per page (median)")
        parser.add_argument("--clients", type=int, default=32, help="concurrent clients")
        parser.add_argument("--seconds", type=float, default=60, help="length of each load run")
        parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")

    def handle(self, *args, sizes, repeat, clients, seconds, workers, **options):
        real = read_records(settings.BASE_DIR / "fixtures" / "spi_projects.json")
        results = run(
            sizes,
            real=real,
            repeat=repeat,
            clients=clients,
            seconds=seconds,
            workers=workers,
            out=self.stdout.write,
        )
        compare(self.stdout.write, results)
