"""Load the curated taxonomy (fixtures/taxonomy.json): strategies and crime problems by slug."""

from projects.models import CrimeProblem, Strategy, normalize_term

from .changes import upsert


def load_terms(model, terms: list[dict]) -> int:
    """Create or update terms by slug; returns how many were created or changed. Synonyms an
    editor added (by mapping an imported term) are kept after the fixture's own, unless the
    fixture now maps that wording onto another term: a wording names one term, and a corrected
    mapping must move it, not leave it on both."""
    existing = dict(model.objects.values_list("slug", "synonyms"))
    claimed = {
        normalize_term(wording)
        for term in terms
        for wording in [term["name"], term["slug"], *term.get("synonyms", [])]
    }
    changed = 0
    for term in terms:
        synonyms = list(term.get("synonyms", []))
        known = {normalize_term(s) for s in synonyms}
        synonyms += [
            s
            for s in existing.get(term["slug"], [])
            if normalize_term(s) not in known and normalize_term(s) not in claimed
        ]
        values = {
            "name": term["name"],
            "description": term.get("description", ""),
            "synonyms": synonyms,
        }
        changed += upsert(model, {"slug": term["slug"]}, values)[1]
    return changed


def load_taxonomy(data: dict) -> dict[str, int]:
    return {
        "strategies": load_terms(Strategy, data.get("strategies", [])),
        "crime problems": load_terms(CrimeProblem, data.get("crime_problems", [])),
    }
