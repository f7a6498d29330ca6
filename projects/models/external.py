"""What other clearinghouses rated from the same study as an SPI project."""

from django.db import models


class ExternalRating(models.Model):
    """One rating another clearinghouse (CrimeSolutions, the Evidence-Based Policing Matrix)
    gave a program or study that is part of an SPI project, in that site's own words. It may
    cover only part of the project (one arm of an experiment), which ``covers`` says; it is shown
    beside the portal's own rating, never merged into it."""

    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="external_ratings"
    )
    clearinghouse = models.CharField(max_length=120)
    name = models.CharField(
        "rated program or study", max_length=300, help_text="As the clearinghouse names it."
    )
    rating = models.CharField(max_length=200, help_text="In the clearinghouse's words.")
    evidence = models.CharField(
        "strength of evidence",
        max_length=120,
        blank=True,
        help_text="In the clearinghouse's words (“One study”, “Very rigorous”).",
    )
    url = models.URLField(max_length=500)
    covers = models.CharField(
        max_length=500,
        blank=True,
        help_text="Which part of the project the rating is about (the whole project, one arm).",
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["project", "order", "pk"]

    def __str__(self):
        return f"{self.clearinghouse}: {self.rating} ({self.name})"
