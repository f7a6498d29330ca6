"""Research partners and researchers recorded once: finding two records of the same institution
or person, and merging them.

Sources spell one name several ways ("Justice & Security Strategies" and "Justice and Security
Strategies, Inc.", "David Choate" and "David E. Choate"). The importer matches them by
normalised name (``institution_key``, ``person_key``); what was recorded before, or typed in the
admin with another spelling, is found here and merged by an editor.
"""

from dataclasses import dataclass
from difflib import SequenceMatcher
from itertools import combinations

from django.db import transaction

from editorial.models import AuditAction
from editorial.revisions import record_revision
from editorial.workflow import audit
from projects.models import PartnerRedirect, Researcher, ResearchPartner

# How alike two normalised names must be to be listed as a likely duplicate for an editor to
# judge ("university of nevada las vegas" and "university of nevada reno" are 0.84 alike).
CLOSE_MATCH = 0.88
KINDS = {"partner": ResearchPartner, "researcher": Researcher}


@dataclass(frozen=True)
class LikelyDuplicate:
    first: object
    second: object
    reason: str


def likely_duplicates(model) -> list[LikelyDuplicate]:
    """Pairs of records that are probably one: the same normalised name, or names so close that
    only a typo or an abbreviation seems to separate them."""
    pairs = []
    for first, second in combinations(model.objects.order_by("pk"), 2):
        if first.match_key == second.match_key:
            pairs.append(LikelyDuplicate(first, second, "same name once normalised"))
            continue
        ratio = SequenceMatcher(None, first.match_key, second.match_key).ratio()
        if ratio >= CLOSE_MATCH:
            pairs.append(LikelyDuplicate(first, second, f"names {ratio:.0%} alike"))
    return pairs


def same_name_groups(model) -> list[list]:
    """Records whose names are the same once normalised, oldest first: one institution or
    person recorded more than once."""
    groups: dict[str, list] = {}
    for record in model.objects.order_by("pk"):
        groups.setdefault(record.match_key, []).append(record)
    return [group for group in groups.values() if len(group) > 1]


def merge_same_names(user=None, *, dry_run: bool = False) -> list[tuple[str, str]]:
    """Merge every record into the oldest of its same-name group; returns what was merged into
    what, by name (what would be, on a dry run)."""
    merged = []
    for model in KINDS.values():
        for kept, *others in same_name_groups(model):
            for other in others:
                merged.append((str(other), str(kept)))
                if not dry_run:
                    merge(other, kept, user)
    return merged


@transaction.atomic
def merge(old, new, user=None):
    """Fold ``old`` into ``new``: every project link moves to ``new``, which keeps the better
    of the two names; ``old`` is deleted, and its public address (a partner's page) redirects
    to ``new``'s. Each project that changed gets a revision, and the deletion is audited."""
    if type(old) is not type(new) or old.pk == new.pk:
        raise ValueError("merge two different records of the same kind")
    better = max(old, new, key=lambda record: record.name_quality())
    kept_name = str(better)
    projects = list(old.projects.all())
    note = f"{type(old)._meta.verbose_name.capitalize()} “{old}” merged into “{kept_name}”"
    if isinstance(old, ResearchPartner):
        _move_partner_links(old, new)
    elif new.partner_id is None:
        new.partner_id = old.partner_id
    for project in projects:
        getattr(project, _relation(old)).remove(old)
        getattr(project, _relation(old)).add(new)
    audit(old, AuditAction.DELETE, user, f"merged into “{kept_name}”")
    names = {field: getattr(better, field) for field in _name_fields(new)}
    old.delete()
    for field, value in names.items():
        setattr(new, field, value)
    new.save()
    for project in projects:
        project.save()  # a new version, and the search index picks up the new name
        record_revision(project, user, note)
    return new


def _relation(record) -> str:
    return "research_partners" if isinstance(record, ResearchPartner) else "researchers"


def _name_fields(record) -> list[str]:
    return ["name", "department"] if isinstance(record, ResearchPartner) else ["name"]


def _move_partner_links(old: ResearchPartner, new: ResearchPartner) -> None:
    old.researchers.update(partner=new)
    old.old_slugs.update(partner=new)
    PartnerRedirect.objects.create(old_slug=old.slug, partner=new)
    if not new.website:
        new.website = old.website
