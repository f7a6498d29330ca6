"""Uploaded files (images, their renditions, resource documents) served by the portal itself, so
one command gives a complete site. WhiteNoise cannot do it: it only knows the files present when
the server started, and editors upload while it runs.

A file belongs to its record: a resource's document and a case study's image (and the image's
renditions) are public while the record is published, and shown only to staff before and after
(a draft's file never leaks through a guessed address). Anything reached through a symbolic
link, or lying outside MEDIA_ROOT once resolved, is refused.

A web server in front can serve MEDIA_ROOT at /media/ instead (README.md, "Running in
production"); then these requests never reach Django, and these rules are that server's to keep.
"""

import posixpath
from pathlib import Path

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_safe
from django.views.static import serve

from editorial.renditions import RENDITIONS_DIR, source_of
from projects.models import Project, Resource

# Files a browser shows without running anything of theirs in the portal's origin. Anything else
# (HTML, SVG, which can carry a script) is sent as a download, never rendered as a page here.
SHOWN_INLINE = {"image/png", "image/jpeg", "image/gif", "image/webp", "application/pdf"}

# The upload folders whose files belong to a publishable record, with that record's field.
OWNED_FOLDERS = {"resources": (Resource, "file"), "projects": (Project, "image")}


def _refuse_escapes(path: str) -> None:
    """Refuse a path that leads out of MEDIA_ROOT (400, as serve() does) and any path through a
    symbolic link (404: it is not an uploaded file)."""
    root = Path(settings.MEDIA_ROOT).resolve()
    current = root
    for part in Path(path).parts:
        current = current / part
        if current.is_symlink():
            raise Http404("No such file.")
    if not current.resolve().is_relative_to(root):
        raise SuspiciousFileOperation(f"{path!r} is outside the media files.")


def _public(path: str) -> bool:
    """Whether anyone may have the file: one in a record's folder only while that record is
    published (a file no record holds any more is nobody's to see); a rendition as its image;
    any other, always."""
    if Path(path).parts[0] == RENDITIONS_DIR:
        source = source_of(path)
        return source is not None and _public(source)
    owner = OWNED_FOLDERS.get(Path(path).parts[0])
    if owner is None:
        return True
    model, field = owner
    return model.objects.published().filter(**{field: path}).exists()


@require_safe
def media(request: HttpRequest, path: str) -> HttpResponse:
    path = posixpath.normpath(path).lstrip("/")
    _refuse_escapes(path)
    public = _public(path)
    if not public and not (request.user.is_active and request.user.is_staff):
        raise Http404("No such file.")
    # serve() lists no folder (404) and answers If-Modified-Since with 304.
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    if response.get("Content-Type", "").split(";")[0] not in SHOWN_INLINE:
        response["Content-Disposition"] = "attachment"
    if public:
        response["Cache-Control"] = "public, max-age=86400"
    else:
        add_never_cache_headers(response)
        response["Cache-Control"] += ", private"
    return response
