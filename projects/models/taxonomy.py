"""The curated taxonomies that free-text strategies and crime types are mapped onto."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower

_NON_WORD = re.compile(r"[^\w]+")
# A note in parentheses after a free-text term ("gunshot detection (ShotSpotter)"), which the
# importer also tries the term without.
_CLAUSE = re.compile(r"[\n.;:()\[\]]")
PARENTHETICAL = re.compile(r"\s*\([^()]*\)")


def normalize_term(term: str) -> str:
    """Fold a free-text term to the key it is matched by: case, punctuation, spacing and a
    trailing plural do not matter ("Body-Worn Cameras" and "body worn camera" are one term)."""
    words = _NON_WORD.sub(" ", term.casefold()).split()
    if words and len(words[-1]) > 3 and words[-1].endswith("s") and not words[-1].endswith("ss"):
        words[-1] = words[-1][:-1]
    return " ".join(words)


class TaxonomyQuerySet(models.QuerySet):
    def lookup_table(self) -> dict[str, "TaxonomyTerm"]:
        """Every normalized name and synonym mapped to its term, for matching many terms at once."""
        table = {}
        for term in self:
            for key in term.match_keys():
                table[key] = term
        return table


class TaxonomyTerm(models.Model):
    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    description = models.TextField(blank=True)
    synonyms = models.JSONField(
        default=list,
        blank=True,
        help_text="Other wordings of this term; matched ignoring case, punctuation and plurals.",
    )

    objects = TaxonomyQuerySet.as_manager()

    class Meta:
        abstract = True
        # "Case management" before "CCTV": readers do not sort by capital letters.
        ordering = [Lower("name")]

    def __str__(self):
        return self.name

    @property
    def name_in_sentence(self) -> str:
        """The name inside a sentence ("took on gun violence with CCTV"): lower case, except the
        words written with more than one capital, which are acronyms (CCTV, CPTED, SARA)."""
        return " ".join(
            word if sum(c.isupper() for c in word) > 1 else word.lower()
            for word in self.name.split()
        )

    # A term's page shows lessons too, so it is the site's page and the site gives its address
    # (get_absolute_url, through ABSOLUTE_URL_OVERRIDES in spi_portal/settings/base.py).

    def match_keys(self) -> set[str]:
        return {normalize_term(self.name), normalize_term(self.slug)} | {
            normalize_term(s) for s in self.synonyms
        }

    def supported_by(self, wordings: list[str], text: str) -> bool:
        """Whether a project's facts support filing it under this term: one of its free-text
        ``wordings`` maps onto the term (by name or synonym, the editors' mapping, as the
        importer maps it), or ``text`` names the term or a synonym in whole words."""
        keys = self.match_keys()
        for wording in wordings:
            if {normalize_term(wording), normalize_term(PARENTHETICAL.sub("", wording))} & keys:
                return True
        phrases = " ".join(f" {normalize_term(part)} " for part in _CLAUSE.split(text))
        # The plural fold applies to a key's last word only: try it with an "s" too.
        return any(f" {key} " in phrases or f" {key}s " in phrases for key in keys)


class Strategy(TaxonomyTerm):
    """A policing strategy (hot spots policing, focused deterrence, body-worn cameras...)."""

    class Meta(TaxonomyTerm.Meta):
        verbose_name_plural = "strategies"


class CrimeProblem(TaxonomyTerm):
    """A crime problem a project targets (violent crime, gun violence, burglary...)."""

    class Meta(TaxonomyTerm.Meta):
        pass


class ReaderPhrase(models.Model):
    """A reader's wording that means a term of the taxonomy ("carjacking" means robbery,
    "bodycams" body-worn cameras): the editors' part of the lexicon the question box reads
    questions with, beside each term's own name and synonyms. A synonym describes how projects
    name a term; a reader phrase only how readers ask about it, so it never maps an import."""

    phrase = models.CharField(max_length=120, help_text="The words a reader might use.")
    key = models.CharField(max_length=120, unique=True, editable=False)
    strategy = models.ForeignKey(
        Strategy, null=True, blank=True, on_delete=models.CASCADE, related_name="reader_phrases"
    )
    crime_problem = models.ForeignKey(
        CrimeProblem,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reader_phrases",
    )

    class Meta:
        ordering = ["key"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(strategy__isnull=False) | models.Q(crime_problem__isnull=False),
                name="reader_phrase_means_a_term",
            )
        ]

    def __str__(self):
        return self.phrase

    def save(self, *args, **kwargs):
        self.key = normalize_term(self.phrase)
        super().save(*args, **kwargs)

    def clean(self):
        self.key = normalize_term(self.phrase)
        if not self.key:
            raise ValidationError({"phrase": "Write the words a reader might use."})
        if self.strategy_id is None and self.crime_problem_id is None:
            raise ValidationError("Choose the crime problem or strategy the phrase means.")
        if ReaderPhrase.objects.exclude(pk=self.pk).filter(key=self.key).exists():
            raise ValidationError(
                {"phrase": "There is already a reader phrase with these words; change that one."}
            )


class TermMapping(models.Model):
    """An editor's mapping of an imported wording onto a strategy or crime problem, kept so a
    Publisher can undo it: what it added (the synonym, each project's link) is what undoing
    takes away, and the wording goes back onto those projects as unmapped."""

    kind = models.CharField(max_length=20)  # "strategies" or "crime_types", as imports say
    term = models.CharField(max_length=300)
    target_id = models.PositiveIntegerField()
    target_name = models.CharField(max_length=120)
    added_synonym = models.BooleanField(default=False)
    # [project id, whether the mapping added the link], for each project it re-mapped.
    projects = models.JSONField(default=list)
    mapped_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    mapped_at = models.DateTimeField(auto_now_add=True)
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-mapped_at", "-pk"]

    def __str__(self):
        return f"“{self.term}” → {self.target_name}"
