"""How fresh the public pages are: numbers that change whenever what a page shows may have.

Public pages are cached under these numbers (see ``spi_portal.middleware``), so a published
change is visible on the next request on every web server, whatever cache each one keeps: the
numbers live in the shared database. Two kinds:

- ``ContentVersion``, one number every cached page is filed under. It moves on for what cannot be
  pinned to some pages (a restore, a deletion, a large import, a scheduled record going live):
  every page is renewed. A scheduled record goes live at its time without anyone saving it, so
  it also knows the next scheduled publish time and moves on when that has passed.
- ``PageVersion``, a number per family of pages (one record's page, every list, ...): a change
  moves on the families it shows in (``spi_portal.freshness`` works them out from the change),
  and the pages of other families stay cached.
"""

from django.apps import apps
from django.db import models
from django.db.models import F, Min, Q, Subquery
from django.utils import timezone

from .publishing import PublicationStatus, Publishable


class ContentVersion(models.Model):
    """The single row holding the number public pages are cached under."""

    number = models.PositiveBigIntegerField(default=0)
    # The next time a scheduled record goes live; pages cached before then are stale after it.
    valid_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "projects_contentversion"
        constraints = [
            models.CheckConstraint(condition=models.Q(pk=1), name="content_version_single_row")
        ]

    def __str__(self):
        return f"content version {self.number}"

    @classmethod
    def current(cls) -> int:
        """The number now; one query, plus a write only when a scheduled record went live."""
        row = cls.objects.filter(pk=1).values_list("number", "valid_until").first()
        if row is None:
            return 0  # an emptied database: the first change creates the row
        number, valid_until = row
        if valid_until is not None and valid_until <= timezone.now():
            return cls.bump()
        return number

    @classmethod
    def current_for(cls, families: list) -> str | None:
        """The numbers a page of ``families`` is filed under, in one query: this one's, then each
        family's (``-`` for a family no change has touched yet). ``families`` are expressions
        giving a family's name (a ``Value``, or a name built from a record's id found by its
        address). None when there is no content version yet."""
        numbers = {
            f"family_{i}": Subquery(PageVersion.objects.filter(family=f).values("number")[:1])
            for i, f in enumerate(families)
        }
        row = (
            cls.objects.filter(pk=1)
            .annotate(**numbers)
            .values_list("number", "valid_until", *numbers)
            .first()
        )
        if row is None:
            return None
        number, valid_until, *family_numbers = row
        if valid_until is not None and valid_until <= timezone.now():
            number = cls.bump()
        return ".".join([str(number), *("-" if n is None else str(n) for n in family_numbers)])

    @classmethod
    def bump(cls) -> int:
        valid_until = _next_scheduled_publication()
        updated = cls.objects.filter(pk=1).update(number=F("number") + 1, valid_until=valid_until)
        if not updated:
            cls.objects.get_or_create(pk=1, defaults={"number": 1, "valid_until": valid_until})
        return cls.objects.values_list("number", flat=True).get(pk=1)

    @classmethod
    def reschedule(cls) -> None:
        """Know the next scheduled publish time again (a change may have scheduled a record, or
        unscheduled one), without renewing any page."""
        valid_until = _next_scheduled_publication()
        if not cls.objects.filter(pk=1).update(valid_until=valid_until):
            cls.objects.get_or_create(pk=1, defaults={"valid_until": valid_until})


class PageVersion(models.Model):
    """One family of pages' own number: a change moves on the families it shows in."""

    # The family every change to public content moves on: the pages any change may alter (home,
    # the lists, findings, feeds; spi_portal.freshness). What is worked out from all public
    # content (editorial.kept) is filed under it too.
    LISTS = "lists"

    family = models.CharField(max_length=200, primary_key=True)
    number = models.PositiveBigIntegerField(default=0)

    def __str__(self):
        return f"{self.family} version {self.number}"

    @classmethod
    def bump(cls, families) -> None:
        """Move each of ``families`` on. Rows are made first (at 0) and every row then moved
        on, so of two changes making the same new family at once neither is lost."""
        families = sorted(families)
        cls.objects.bulk_create([cls(family=f) for f in families], ignore_conflicts=True)
        cls.objects.filter(family__in=families).update(number=F("number") + 1)

    @classmethod
    def put(cls, family: str, number: int) -> None:
        """Set a family whose number is what its pages show (a date): moves on only when that
        changes."""
        cls.objects.update_or_create(family=family, defaults={"number": number})


def _next_scheduled_publication():
    """The next time a published record goes live or expires by the clock alone."""
    now = timezone.now()
    times = []
    for model in apps.get_models():
        if issubclass(model, Publishable):
            found = model.objects.filter(status=PublicationStatus.PUBLISHED).aggregate(
                live=Min("go_live_at", filter=Q(go_live_at__gt=now)),
                expire=Min("expire_at", filter=Q(expire_at__gt=now)),
            )
            times += found.values()
    return min((t for t in times if t is not None), default=None)
