"""The police agencies (SPI sites) and their research partners."""

from django.db import models
from django.urls import reverse

from projects.states import STATE_CHOICES, US_STATES


class AgencyType(models.TextChoices):
    MUNICIPAL = "municipal", "Municipal police"
    COUNTY_SHERIFF = "county_sheriff", "County sheriff"
    STATE = "state", "State police"
    CAMPUS = "campus", "Campus police"
    REGIONAL = "regional", "Regional partnership"


class SettlementType(models.TextChoices):
    SMALL_RURAL = "small_rural", "Small rural"
    SMALL_URBAN = "small_urban", "Small urban"
    MID_SIZED_URBAN = "mid_sized_urban", "Mid-sized urban"
    LARGE_URBAN = "large_urban", "Large urban"
    METROPOLITAN = "metropolitan", "Metropolitan"


class PopulationBand(models.TextChoices):
    """Bands for "agencies like mine": the population an agency serves."""

    UNDER_50K = "under-50k", "Under 50,000"
    FROM_50K = "50k-250k", "50,000 to 250,000"
    FROM_250K = "250k-1m", "250,000 to 1 million"
    OVER_1M = "over-1m", "Over 1 million"

    @classmethod
    def bounds(cls, band: str) -> tuple[int | None, int | None]:
        return {
            cls.UNDER_50K: (None, 50_000),
            cls.FROM_50K: (50_000, 250_000),
            cls.FROM_250K: (250_000, 1_000_000),
            cls.OVER_1M: (1_000_000, None),
        }[band]

    @classmethod
    def for_population(cls, population: int | None) -> "PopulationBand | None":
        if population is None:
            return None
        for band in cls:
            low, high = cls.bounds(band)
            if (low is None or population >= low) and (high is None or population < high):
                return band
        return None


class Agency(models.Model):
    """A police agency that ran one or more SPI projects (an "SPI site")."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    city = models.CharField(max_length=120, blank=True)
    state = models.CharField(max_length=2, choices=STATE_CHOICES, db_index=True)
    agency_type = models.CharField(
        max_length=20, choices=AgencyType.choices, default=AgencyType.MUNICIPAL
    )
    settlement_type = models.CharField(max_length=20, choices=SettlementType.choices, blank=True)
    area_sq_mi = models.DecimalField(
        "area (square miles)", max_digits=9, decimal_places=2, null=True, blank=True
    )
    population = models.PositiveIntegerField(null=True, blank=True)
    latitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)
    longitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)
    coordinates_note = models.CharField(max_length=200, blank=True)
    patch = models.ImageField(upload_to="agencies/", blank=True)
    website = models.URLField(blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(latitude__isnull=True)
                | models.Q(latitude__gte=-90, latitude__lte=90),
                name="agency_latitude_in_range",
            ),
            models.CheckConstraint(
                condition=models.Q(longitude__isnull=True)
                | models.Q(longitude__gte=-180, longitude__lte=180),
                name="agency_longitude_in_range",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("projects:agency-detail", args=[self.slug])

    @property
    def state_name(self) -> str:
        return US_STATES.get(self.state, self.state)

    @property
    def place(self) -> str:
        return f"{self.city}, {self.state}" if self.city else self.state_name

    @property
    def population_band(self):
        return PopulationBand.for_population(self.population)


class ResearchPartner(models.Model):
    """A research institution that partnered with an agency to evaluate its project."""

    name = models.CharField("institution", max_length=200)
    department = models.CharField(max_length=200, blank=True)
    slug = models.SlugField(max_length=200, unique=True)
    website = models.URLField(blank=True)

    class Meta:
        ordering = ["name", "department"]
        constraints = [
            models.UniqueConstraint(fields=["name", "department"], name="unique_partner_department")
        ]

    def __str__(self):
        return f"{self.name}, {self.department}" if self.department else self.name

    def get_absolute_url(self):
        return reverse("projects:partner-detail", args=[self.slug])


class Researcher(models.Model):
    """A person who served as an SPI research partner."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    partner = models.ForeignKey(
        ResearchPartner,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="researchers",
        help_text="The institution the person was with during the project, where known.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name
