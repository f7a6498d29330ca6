from .freshness import ContentVersion
from .history import AuditAction, AuditEvent, DraftState, Revision
from .publishing import PublicationStatus, Publishable, PublishableQuerySet

__all__ = [
    "AuditAction",
    "AuditEvent",
    "ContentVersion",
    "DraftState",
    "PublicationStatus",
    "Publishable",
    "PublishableQuerySet",
    "Revision",
]
