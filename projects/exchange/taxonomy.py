"""Load the curated taxonomy (fixtures/taxonomy.json): strategies and crime problems by slug."""

from projects.models import CrimeProblem, Strategy

from .changes import upsert


def load_terms(model, terms: list[dict]) -> int:
    """Create or update terms by slug; returns how many were created or changed."""
    return sum(
        upsert(
            model,
            {"slug": term["slug"]},
            {
                "name": term["name"],
                "description": term.get("description", ""),
                "synonyms": term.get("synonyms", []),
            },
        )[1]
        for term in terms
    )


def load_taxonomy(data: dict) -> dict[str, int]:
    return {
        "strategies": load_terms(Strategy, data.get("strategies", [])),
        "crime problems": load_terms(CrimeProblem, data.get("crime_problems", [])),
    }
