"""Load the curated taxonomy (fixtures/taxonomy.json): strategies and crime problems by slug."""

from projects.models import CrimeProblem, Strategy


def load_terms(model, terms: list[dict]) -> int:
    """Create or update terms by slug; returns how many were created or changed."""
    changed = 0
    for term in terms:
        defaults = {
            "name": term["name"],
            "description": term.get("description", ""),
            "synonyms": term.get("synonyms", []),
        }
        obj, created = model.objects.get_or_create(slug=term["slug"], defaults=defaults)
        if created:
            changed += 1
            continue
        if any(getattr(obj, k) != v for k, v in defaults.items()):
            for k, v in defaults.items():
                setattr(obj, k, v)
            obj.save()
            changed += 1
    return changed


def load_taxonomy(data: dict) -> dict[str, int]:
    return {
        "strategies": load_terms(Strategy, data.get("strategies", [])),
        "crime problems": load_terms(CrimeProblem, data.get("crime_problems", [])),
    }
