"""Load the curated taxonomy (fixtures/taxonomy.json): strategies and crime problems by slug;
and the editors' reader phrases (fixtures/reader_phrases.json) that map readers' wording onto it."""

from projects.models import CrimeProblem, ReaderPhrase, Strategy, normalize_term

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


def load_reader_phrases(data: dict) -> int:
    """Add the fixture's reader phrases that are not there yet (by wording); a phrase an editor
    has already added, changed or pointed elsewhere is left as the editor made it. Returns how
    many were added; a phrase naming a slug the taxonomy lacks is refused."""
    strategies = dict(Strategy.objects.values_list("slug", "pk"))
    problems = dict(CrimeProblem.objects.values_list("slug", "pk"))
    known = set(ReaderPhrase.objects.values_list("key", flat=True))
    added = 0
    for row in data.get("phrases", []):
        unknown = [
            slug
            for slug, table in ((row.get("strategy"), strategies), (row.get("problem"), problems))
            if slug and slug not in table
        ]
        if unknown or not (row.get("strategy") or row.get("problem")):
            raise ValueError(f"reader phrase {row['phrase']!r} names no known term: {unknown}")
        if normalize_term(row["phrase"]) in known:
            continue
        phrase = ReaderPhrase(
            phrase=row["phrase"],
            strategy_id=strategies.get(row.get("strategy")),
            crime_problem_id=problems.get(row.get("problem")),
        )
        phrase.save()
        known.add(phrase.key)
        added += 1
    return added
