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
from .external import ExternalRating
from .freshness import ContentVersion
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
from .sources import (
    CitedDocument,
    Resource,
    ResourceKind,
    Source,
    SourceKind,
    cited_documents,
    describe_url,
    url_key,
)
from .taxonomy import CrimeProblem, Strategy, normalize_term

__all__ = [
    "Agency",
    "AgencyType",
    "AuditAction",
    "AuditEvent",
    "CitedDocument",
    "ContentVersion",
    "CrimeProblem",
    "Design",
    "Direction",
    "ExternalRating",
    "MatrixTarget",
    "Outcome",
    "OutcomeCategory",
    "PartnerRedirect",
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
    "SourceKind",
    "Specificity",
    "Strategy",
    "Target",
    "Unit",
    "cited_documents",
    "describe_url",
    "institution_key",
    "normalize_term",
    "person_key",
    "url_key",
]
