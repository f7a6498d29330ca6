"""The police agencies (SPI sites) and their research partners."""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse

from projects.states import STATE_CHOICES, US_STATES
from projects.uploads import RandomName


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
    patch = models.ImageField(upload_to=RandomName("agencies"), blank=True)
    website = models.URLField(blank=True)

    class Meta:
        ordering = [Lower("name")]
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


_PARENTHETICAL = re.compile(r"\([^()]*\)")
_NON_WORD = re.compile(r"[^\w]+")
# Abbreviations sources use for the same word ("Univ. of Cincinnati", "Dept. of ...").
_ABBREVIATIONS = {"univ": "university", "dept": "department", "ctr": "center", "inst": "institute"}
_COMPANY_SUFFIXES = {"inc", "llc", "ltd", "corp", "co"}
_HONORIFICS = {"dr", "prof", "professor", "mr", "mrs", "ms"}


def _words(name: str) -> list[str]:
    text = _PARENTHETICAL.sub(" ", name.casefold()).replace("&", " and ")
    return _NON_WORD.sub(" ", text).split()


def institution_key(name: str) -> str:
    """The key an institution is matched by: case, punctuation, "&" or "and", "Univ.",
    a leading "The", a trailing "Inc." and notes in parentheses do not make another one
    ("Justice & Security Strategies" is "Justice and Security Strategies, Inc. (JSS)")."""
    words = [_ABBREVIATIONS.get(word, word) for word in _words(name)]
    if words[:1] == ["the"]:
        words = words[1:]
    while len(words) > 1 and words[-1] in _COMPANY_SUFFIXES:
        words.pop()
    return " ".join(words)


def person_key(name: str) -> str:
    """The key a person is matched by: case, punctuation, titles, middle initials and notes in
    parentheses do not make another person ("David E. Choate" is "David Choate")."""
    words = [word for word in _words(name) if word not in _HONORIFICS]
    if len(words) > 2:
        words = [words[0], *(word for word in words[1:-1] if len(word) > 1), words[-1]]
    return " ".join(words)


class PeopleQuerySet(models.QuerySet):
    def by_key(self) -> dict[str, models.Model]:
        """Every record under its normalised name, for matching many names at once."""
        return {record.match_key: record for record in self.order_by("pk")}


class ResearchPartner(models.Model):
    """A research institution that partnered with an agency to evaluate its project."""

    name = models.CharField("institution", max_length=200)
    department = models.CharField(max_length=200, blank=True)
    slug = models.SlugField(max_length=200, unique=True)
    website = models.URLField(blank=True)

    objects = PeopleQuerySet.as_manager()

    class Meta:
        ordering = [Lower("name"), Lower("department")]
        constraints = [
            models.UniqueConstraint(fields=["name", "department"], name="unique_partner_department")
        ]

    def __str__(self):
        return f"{self.name}, {self.department}" if self.department else self.name

    def get_absolute_url(self):
        return reverse("projects:partner-detail", args=[self.slug])

    def clean(self):
        _refuse_duplicate(self)

    @property
    def match_key(self) -> str:
        return institution_key(self.name)

    @property
    def exchange_text(self) -> str:
        """The partner as the exchange format writes it: a department holding a ';' goes in
        parentheses, so reading the file back does not split it into two partners."""
        if ";" in self.department:
            return f"{self.name} ({self.department})"
        return str(self)

    def name_quality(self) -> tuple:
        """Which of two spellings of one institution to keep: with its department, spelled out
        ("and", "University"), then the longer."""
        return (bool(self.department), "&" not in self.name, "." not in self.name, len(str(self)))


class PartnerRedirect(models.Model):
    """An address a research partner used to have (before two records of it were merged); it
    redirects to the partner's current page."""

    old_slug = models.SlugField(max_length=200, unique=True)
    partner = models.ForeignKey(ResearchPartner, on_delete=models.CASCADE, related_name="old_slugs")

    def __str__(self):
        return f"{self.old_slug} → {self.partner.slug}"


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

    objects = PeopleQuerySet.as_manager()

    class Meta:
        ordering = [Lower("name")]

    def __str__(self):
        return self.name

    def clean(self):
        _refuse_duplicate(self)

    @property
    def match_key(self) -> str:
        return person_key(self.name)

    def name_quality(self) -> tuple:
        """Which of two spellings of one person to keep: the fuller ("David E. Choate")."""
        return (len(self.name.split()), len(self.name))


def _refuse_duplicate(record) -> None:
    """An editor adding a second record of someone already known is told to use that one."""
    for other in type(record).objects.exclude(pk=record.pk):
        if other.match_key == record.match_key:
            raise ValidationError(
                {"name": f"“{other}” is already recorded under this name; use that record."}
            )
