"""The portal's addresses plus the benchmark's floor page (used by ``settings.benchmark`` only)."""

from django.shortcuts import render
from django.urls import path

from spi_portal.urls import urlpatterns as portal


def floor(request):
    """The least a page can cost: the base template, no query."""
    return render(request, "base.html")


urlpatterns = [path("_benchmark/floor/", floor), *portal]
