from .freshness import ContentVersion
from .history import AuditAction, AuditEvent, DraftState, Revision
from .provisional import ProvisionalRecord
from .publishing import PublicationStatus, Publishable, PublishableQuerySet

__all__ = [
    "AuditAction",
    "AuditEvent",
    "ContentVersion",
    "DraftState",
    "ProvisionalRecord",
    "PublicationStatus",
    "Publishable",
    "PublishableQuerySet",
    "Revision",
]
