"""The benchmark's floor page among the portal's addresses (the URL conf of
``tools.served_settings``), and the page cache it passes by."""

from django.shortcuts import render
from django.urls import path

from spi_portal.middleware import PublicPageCache
from spi_portal.urls import urlpatterns as portal

FLOOR = "/_benchmark/floor/"


def floor(request):
    """The least a page can cost: the base template, no query."""
    return render(request, "base.html")


class PageCacheBesideFloor(PublicPageCache):
    """The portal's whole-page cache, which the floor passes by: with the cache on or off, the
    floor stays the cost of a page with nothing in front of it, so both modes are measured
    against the same thing."""

    def __call__(self, request):
        if request.path == FLOOR:
            return self.get_response(request)
        return super().__call__(request)


urlpatterns = [path(FLOOR.removeprefix("/"), floor), *portal]
