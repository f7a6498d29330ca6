from .freshness import ContentVersion, PageVersion
from .history import AuditAction, AuditEvent, Revision
from .publishing import PublicationStatus, Publishable, PublishableQuerySet

__all__ = [
    "AuditAction",
    "AuditEvent",
    "ContentVersion",
    "PageVersion",
    "PublicationStatus",
    "Publishable",
    "PublishableQuerySet",
    "Revision",
]
