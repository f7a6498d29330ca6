from .agencies import (
    Agency,
    AgencyType,
    PartnerRedirect,
    Researcher,
    ResearchPartner,
    SettlementType,
    institution_key,
    person_key,
)
from .history import AuditAction, AuditEvent, Revision
from .outcomes import Direction, Outcome, OutcomeCategory, Significance, Unit
from .projects import (
    Design,
    Proactivity,
    Project,
    ProjectStage,
    SlugRedirect,
    Specificity,
    Target,
)
from .publishing import PublicationStatus, Publishable, PublishableQuerySet
from .sources import Resource, ResourceKind, Source
from .taxonomy import CrimeProblem, Strategy, normalize_term

__all__ = [
    "Agency",
    "AgencyType",
    "AuditAction",
    "AuditEvent",
    "CrimeProblem",
    "Design",
    "Direction",
    "Outcome",
    "PartnerRedirect",
    "OutcomeCategory",
    "Proactivity",
    "Project",
    "ProjectStage",
    "PublicationStatus",
    "Publishable",
    "PublishableQuerySet",
    "ResearchPartner",
    "Researcher",
    "Resource",
    "ResourceKind",
    "Revision",
    "SettlementType",
    "Significance",
    "SlugRedirect",
    "Source",
    "Specificity",
    "Strategy",
    "Target",
    "Unit",
    "institution_key",
    "normalize_term",
    "person_key",
]
