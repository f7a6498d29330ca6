"""Addresses made from names: the one way the portal turns a name into a free slug."""

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
