"""What a case study may say: facts, not how the record was put together, and only terms its facts
support. The pre-publish checks (``Project.publish_warnings``) and the tests of the shipped content
both read these rules.

The editors' notes record provenance ("the amount was not seen", "the year is inferred from a
meeting", "listed by BJA as declined, so not recorded as a project"). A reader needs the facts and
what is and is not known ("the award year is not known"), never remarks about the page, its
record or the editors' reading of the sources."""

import re

from projects.models import normalize_term

# Remarks about how a record was assembled, as they turned up in drafts of the shipped case
# studies. Each says something about the page or the editors' work, not about the project.
PROVENANCE_PATTERNS = [
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        r"\bnot recorded as a project\b",
        r"\b(?:is|are|was|were) (?:not )?recorded here\b",
        r"\bno \w+(?: \w+)? (?:is|are) recorded\b",
        r"\bsources? (?:gathered|summari[sz]ed|behind|used|read) (?:here|(?:for|on|behind) this page)",
        r"\bthis (?:page|record) (?:makes|gives|shows|has|knew|records)\b",
        r"\bearlier versions? of this page\b",
        r"\b(?:could|can) not be read\b",
        r"\bstored copy\b",
        r"\b(?:was|were|is|are) not (?:found|seen)\b",
        r"\bno (?:details|project content|content) (?:of its project )?(?:was|were) found\b",
        r"\b(?:is|was) inferred\b",
        r"\bthat is an inference\b",
        r"\bleft (?:null|empty|blank)\b",
        r"\bthe (?:editors'? )?notes\b",
        r"\btemplate text\b",
    )
]


def provenance_remarks(text: str) -> list[str]:
    """The remarks about provenance in ``text``, as written there."""
    return [match.group(0) for pattern in PROVENANCE_PATTERNS for match in pattern.finditer(text)]


def _phrases(text: str) -> str:
    # Padded so a key matches whole words only ("pop" is not in "population").
    return f" {normalize_term(text)} "


def term_is_supported(term, facts: str) -> bool:
    """Whether ``facts`` (normalised text) names ``term``: its name or one of its synonyms, the
    editors' mapping, as whole words. The plural fold of ``normalize_term`` applies to a key's
    last word, so a key is also tried with an "s"."""
    for key in term.match_keys():
        if f" {key} " in facts or f" {key}s " in facts:
            return True
    return False


def unsupported_terms(terms, facts_text: str) -> list:
    """The terms of ``terms`` that nothing in ``facts_text`` names."""
    facts = " ".join(_phrases(part) for part in re.split(r"[\n.;:()\[\]]", facts_text))
    return [term for term in terms if not term_is_supported(term, facts)]
