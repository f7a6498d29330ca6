"""Addresses made from names: the one way the portal turns a name into a free slug."""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.text import slugify


def unique_slug(
    model, text: str, exclude_pk=None, max_length: int = 180, taken: set[str] | None = None
) -> str:
    """``text`` as a slug no other ``model`` record has: "glendale-az-2009", then
    "glendale-az-2009-2" and so on. Given ``taken`` (every slug in use, for naming many records
    at once), it checks that set instead of the database, and adds the slug to it."""
    base = slugify(text)[:max_length] or "item"
    slug, n = base, 2
    while (
        slug in taken
        if taken is not None
        else model.objects.filter(slug=slug).exclude(pk=exclude_pk).exists()
    ):
        slug, n = f"{base}-{n}", n + 1
    if taken is not None:
        taken.add(slug)
    return slug


class MergedSlug(models.Model):
    """The address of an agency, strategy or crime problem merged into another (see
    ``projects.merging``): its page redirects to the record kept."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    old_slug = models.SlugField(max_length=200)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["content_type", "old_slug"], name="one_merged_slug")
        ]

    def __str__(self):
        return f"{self.content_type.model} {self.old_slug} → {self.object_id}"

    @classmethod
    def target_in(cls, records: models.QuerySet, slug: str):
        """The record of ``records`` the address ``slug`` was merged into, or None."""
        moved = cls.objects.filter(
            content_type=ContentType.objects.get_for_model(records.model), old_slug=slug
        ).first()
        return records.filter(pk=moved.object_id).first() if moved else None
