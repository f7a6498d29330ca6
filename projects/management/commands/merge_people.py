from django.core.management.base import BaseCommand, CommandError

from projects.people import KINDS, likely_duplicates, merge, merge_same_names


class Command(BaseCommand):
    help = (
        "List research partners and researchers recorded twice, or merge two of them: "
        "`merge_people list`, `merge_people partner OLD-SLUG NEW-SLUG`, "
        "`merge_people researcher OLD-SLUG NEW-SLUG`, or `merge_people same-name` to merge "
        "every group whose names are the same once normalised."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["list", "same-name", *KINDS])
        parser.add_argument("old", nargs="?", help="slug of the record to fold in (removed)")
        parser.add_argument("new", nargs="?", help="slug of the record to keep")
        parser.add_argument("--dry-run", action="store_true", help="say what would be merged")

    def handle(self, *args, action, old, new, dry_run, **options):
        if action == "list":
            return self._list()
        if action == "same-name":
            return self._merge_same_names(dry_run)
        if not (old and new):
            raise CommandError(f"give the slugs of two {action} records: OLD NEW")
        model = KINDS[action]
        records = {r.slug: r for r in model.objects.filter(slug__in=[old, new])}
        missing = [slug for slug in (old, new) if slug not in records]
        if missing:
            raise CommandError(f"no {action} with the slug {', '.join(missing)}")
        if old == new:
            raise CommandError("OLD and NEW are the same record")
        self._merge(records[old], records[new], dry_run)

    def _list(self):
        found = 0
        for kind, model in KINDS.items():
            for pair in likely_duplicates(model):
                found += 1
                self.stdout.write(
                    f"{kind}: {pair.first.slug} “{pair.first}” ~ {pair.second.slug} "
                    f"“{pair.second}” ({pair.reason})"
                )
        self.stdout.write(f"{found} likely duplicate{'s' if found != 1 else ''}.")

    def _merge_same_names(self, dry_run):
        merged = merge_same_names(dry_run=dry_run)
        for old, new in merged:
            self.stdout.write(f"{'would merge' if dry_run else 'merged'} “{old}” into “{new}”")
        self.stdout.write(f"{len(merged)} merged{' (dry run: nothing saved)' if dry_run else ''}.")

    def _merge(self, old, new, dry_run):
        self.stdout.write(f"{'would merge' if dry_run else 'merging'} “{old}” into “{new}”")
        if not dry_run:
            merge(old, new)
