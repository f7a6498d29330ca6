from django.conf import settings


def site(request):
    """What every page's head needs to build canonical and Open Graph links."""
    return {"SITE_URL": settings.SITE_URL, "SITE_NAME": "SPI Portal"}
