"""Publication state shared by everything editors publish (projects, lessons, resources).

Public pages, search, feeds, sitemaps, exports and counts all go through ``published()``, so a
draft, a record in review, an unpublished one, or one scheduled for later never leaks.
"""

from django.db import models
from django.db.models import Q
from django.utils import timezone

from editorial import changes


class PublicationStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In review"
    PUBLISHED = "published", "Published"
    UNPUBLISHED = "unpublished", "Unpublished (archived)"


class PublishableQuerySet(models.QuerySet):
    def named(self):
        """With what each record's name (``str``) reads, so a list of names costs one query;
        a model whose name reads a related record says so by overriding this."""
        return self

    def published(self):
        """Published and live: a publish time still in the future counts as not yet published,
        and an expiry time passed as unpublished (the worker records it soon after)."""
        now = timezone.now()
        return self.filter(
            Q(go_live_at__isnull=True) | Q(go_live_at__lte=now),
            Q(expire_at__isnull=True) | Q(expire_at__gt=now),
            status=PublicationStatus.PUBLISHED,
        )

    def update(self, **kwargs):
        """Django's ``update``, reported as a change to every record it writes: Django sends no
        signal for it, and an unpublish from a shell or a script must leave no cached page or
        search result showing the record."""
        if set(kwargs) <= {"version"}:
            # An editor's claim on a version (editorial.forms) changes nothing a reader sees.
            return super().update(**kwargs)
        ids = list(self.values_list("pk", flat=True))
        count = super().update(**kwargs)
        changes.updated_in_bulk(self.model, [self.model(pk=pk) for pk in ids], using=self.db)
        return count


class Publishable(models.Model):
    status = models.CharField(
        max_length=12,
        choices=PublicationStatus.choices,
        default=PublicationStatus.DRAFT,
        db_index=True,
    )
    go_live_at = models.DateTimeField(
        "publish at",
        null=True,
        blank=True,
        help_text="Leave empty to publish at once; a future time schedules publication.",
    )
    expire_at = models.DateTimeField(
        "unpublish at",
        null=True,
        blank=True,
        help_text="Optional: the time this record leaves the public site by itself. On a live "
        "record it takes effect when this version is published.",
    )
    first_published_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Incremented on every save: an edit made against an older version is refused instead of
    # silently overwriting someone else's work.
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.stamp_first_publication()
        if self.pk is not None:
            self.version = (self.version or 0) + 1
        super().save(*args, **kwargs)

    def stamp_first_publication(self) -> None:
        """Record when a published record first went (or goes) live; ``save`` does it, and so
        does whoever inserts records in bulk."""
        if self.status == PublicationStatus.PUBLISHED and self.first_published_at is None:
            self.first_published_at = self.go_live_at or timezone.now()

    @property
    def is_public(self) -> bool:
        now = timezone.now()
        return (
            self.status == PublicationStatus.PUBLISHED
            and (self.go_live_at is None or self.go_live_at <= now)
            and (self.expire_at is None or self.expire_at > now)
        )
