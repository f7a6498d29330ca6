"""How fresh the public pages are: one number that changes whenever public content may have.

Public pages are cached under this number (see ``spi_portal.middleware``), so a published change
is visible on the next request on every web server, whatever cache each one keeps: the number
lives in the shared database. A scheduled record goes live at its time without anyone saving it,
so the number also knows the next scheduled publish time and moves on when that has passed.
"""

from django.apps import apps
from django.db import models
from django.db.models import F, Min, Q
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
    def bump(cls) -> int:
        valid_until = _next_scheduled_publication()
        updated = cls.objects.filter(pk=1).update(number=F("number") + 1, valid_until=valid_until)
        if not updated:
            cls.objects.get_or_create(pk=1, defaults={"number": 1, "valid_until": valid_until})
        return cls.objects.values_list("number", flat=True).get(pk=1)

    @classmethod
    def on_content_changed(cls, sender, **kwargs) -> None:
        """The page cache's subscription to ``editorial.changes.content_changed``: sent once a
        transaction that changed public content commits, so no page is cached from data a
        rolled-back write never made, and once however many records it wrote."""
        cls.bump()


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
