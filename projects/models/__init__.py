from .agencies import Agency, AgencyType, Researcher, ResearchPartner, SettlementType
from .history import AuditAction, AuditEvent, Revision
from .outcomes import Direction, Outcome, OutcomeCategory, Significance, Unit
from .projects import (
    Design,
    MatrixTarget,
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
    "MatrixTarget",
    "Outcome",
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
    "normalize_term",
]
