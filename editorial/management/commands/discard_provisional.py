from django.core.management.base import BaseCommand

from editorial.provisional import discard_abandoned


class Command(BaseCommand):
    help = (
        "Delete the records created from a form's pop-up that no saved form came to use within "
        "a session (every admin save also does this)."
    )

    def handle(self, *args, **options):
        discarded = discard_abandoned()
        for name in discarded:
            self.stdout.write(f"Discarded {name}")
        self.stdout.write(f"{len(discarded)} unused pop-up record(s) discarded.")
