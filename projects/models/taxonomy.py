"""The curated taxonomies that free-text strategies and crime types are mapped onto."""

import re

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
