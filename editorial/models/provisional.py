"""Records made from a pop-up of another record's form, not yet used by it."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models


class ProvisionalRecord(models.Model):
    """A record an editor created through the "+" pop-up of a form (an agency from the project
    form): it stands only once the form it was made for is saved using it. Until then it is
    provisional, and if it is still unused when the editor's session would have ended, it is
    discarded (see ``editorial.provisional``)."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="one_provisional_mark"
            )
        ]

    def __str__(self):
        return f"provisional {self.content_type.model} {self.object_id}"
