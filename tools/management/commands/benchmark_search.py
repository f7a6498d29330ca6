from django.core.management.base import BaseCommand, CommandError

from tools.search_benchmark import run


class Command(BaseCommand):
    help = (
        "Benchmark both search engines on synthetic corpora drawn from the published content's "
        "vocabulary: full-index throughput, single-record update latency, query latency (median "
        "and p95) for fixed one- to three-word queries with facets, and Whoosh's tuned rebuild "
        "against a plain single-process writer. Uses a throwaway database and index; the "
        "PostgreSQL engine is measured when DATABASE_URL points at PostgreSQL."
    )

    def add_arguments(self, parser):
        parser.add_argument("--sizes", nargs="+", type=int, default=[1000, 10000])
        parser.add_argument(
            "--repeats", type=int, default=5, help="times each query is timed (default 5)"
        )

    def handle(self, *args, sizes, repeats, **options):
        if any(size < 20 for size in sizes) or repeats < 1:
            raise CommandError("sizes must be at least 20 and repeats at least 1")
        try:
            run(sizes, repeats, self.stdout.write)
        except ValueError as error:
            raise CommandError(str(error)) from None
