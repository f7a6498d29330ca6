"""Uploaded files (images, their renditions, resource documents) served by the portal itself, so
one command gives a complete site. WhiteNoise cannot do it: it only knows the files present when
the server started, and editors upload while it runs.

A web server in front can serve MEDIA_ROOT at /media/ instead (README.md, "Running in
production"); then these requests never reach Django.
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe
from django.views.static import serve

# Files a browser shows without running anything of theirs in the portal's origin. Anything else
# (HTML, SVG, which can carry a script) is sent as a download, never rendered as a page here.
SHOWN_INLINE = {"image/png", "image/jpeg", "image/gif", "image/webp", "application/pdf"}


@require_safe
def media(request: HttpRequest, path: str) -> HttpResponse:
    # serve() refuses paths outside MEDIA_ROOT and directory listings (404), and answers
    # If-Modified-Since with 304.
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    if response.get("Content-Type", "").split(";")[0] not in SHOWN_INLINE:
        response["Content-Disposition"] = "attachment"
    response["Cache-Control"] = "public, max-age=86400"
    return response
