from .freshness import ContentVersion
from .history import AuditAction, AuditEvent, Revision
from .publishing import PublicationStatus, Publishable, PublishableQuerySet

__all__ = [
    "AuditAction",
    "AuditEvent",
    "ContentVersion",
    "PublicationStatus",
    "Publishable",
    "PublishableQuerySet",
    "Revision",
]
