from projects.site import site_url


def site(request):
    """What every page's head needs to build canonical and Open Graph links."""
    return {"SITE_URL": site_url(request), "SITE_NAME": "SPI Portal"}
