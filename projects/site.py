"""The portal's public address, for links that must be absolute (canonical, Open Graph,
citations, downloads)."""

from django.conf import settings
from django.db.models import Max
from django.http import HttpRequest


def site_url(request: HttpRequest) -> str:
    """``SITE_URL`` when it is set; otherwise the address this request came to, so a page, a
    download or an API record served at http://192.0.2.7:8000 names itself and not another
    host. Every absolute address the portal prints starts here."""
    if settings.SITE_URL:
        return settings.SITE_URL
    return request.build_absolute_uri("/").rstrip("/")


def terms_of_use(*published) -> dict:
    """What the about and open-data pages say about reuse: the licence of the portal's own text
    and compilation, the date of the newest change to what is published (from ``published``,
    querysets of published records), and the contact address when one is configured."""
    dates = [qs.aggregate(last=Max("updated_at"))["last"] for qs in published]
    dates = [d for d in dates if d is not None]
    return {
        "last_updated": max(dates) if dates else None,
        "contact_email": settings.CONTACT_EMAIL,
    }
