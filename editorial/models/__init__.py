from .freshness import ContentVersion, PageVersion
from .history import AuditAction, AuditEvent, DraftState, Revision
from .provisional import ProvisionalRecord
from .publishing import PublicationStatus, Publishable, PublishableQuerySet

__all__ = [
    "AuditAction",
    "AuditEvent",
    "ContentVersion",
    "DraftState",
    "PageVersion",
    "ProvisionalRecord",
    "PublicationStatus",
    "Publishable",
    "PublishableQuerySet",
    "Revision",
]
