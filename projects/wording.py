"""What a case study may say: facts, not how the record was put together, and only terms its facts
support. The pre-publish checks (``Project.publish_warnings``) and the tests of the shipped content
both read these rules; whether a term is supported is the term's own question
(``TaxonomyTerm.supported_by``).

The editors' notes record provenance ("the amount was not seen", "the year is inferred from a
meeting", "listed by BJA as declined, so not recorded as a project"). A reader needs the facts and
what is and is not known ("the award year is not known"), never remarks about the page, its
record or the editors' reading of the sources."""

import re

# Remarks about how a record was assembled, as they turned up in drafts of the shipped case
# studies. Each says something about the page or the editors' work, not about the project.
PROVENANCE_PATTERNS = [
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        r"\bnot recorded as a project\b",
        r"\b(?:is|are|was|were) (?:not )?recorded here\b",
        r"\bno \w+(?: \w+)? (?:is|are) recorded\b",
        r"\bsources? (?:gathered|summari[sz]ed|behind|used|read) "
        r"(?:here|(?:for|on|behind) this page)",
        r"\bthis (?:page|record) (?:makes|gives|shows|has|knew|records)\b",
        r"\bearlier versions? of this page\b",
        r"\b(?:could|can) not be read\b",
        r"\bstored copy\b",
        r"\b(?:was|were|is|are) not found\b",
        r"\b(?:was|were) not seen\b(?! elsewhere)",
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
