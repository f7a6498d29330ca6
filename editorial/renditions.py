"""Image renditions: an uploaded image resized once with Pillow to the size a page shows it at.

Pages never send the editor's original upload (often several megabytes). A rendition is written
under ``MEDIA_ROOT/renditions/<the image's own name>/`` the first time it is asked for, named
after the size and a digest of the source's modification time, so a replaced image gets new
renditions and old ones are never served for it. The folder names the image a rendition was made
from (:func:`source_of`), so a rendition is served by the same rule as its image: a draft's
picture is not public through its renditions either.
"""

import hashlib
import logging
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db.models.fields.files import ImageFieldFile
from PIL import Image, ImageOps, UnidentifiedImageError

logger = logging.getLogger(__name__)

RENDITIONS_DIR = "renditions"


@dataclass(frozen=True)
class Rendition:
    url: str
    width: int
    height: int


def _target_name(image_name: str, source: Path, width: int, height: int | None) -> str:
    size = f"{width}x{height or 0}"
    stamp = f"{source.name}:{source.stat().st_mtime_ns}:{size}"
    digest = hashlib.sha256(stamp.encode()).hexdigest()[:16]
    return f"{image_name}/{size}-{digest}.webp"


def source_of(path: str) -> str | None:
    """The image (its name under MEDIA_ROOT) a file under ``renditions/`` was made from, or None
    when the path names none (a file of an older layout: nobody's)."""
    parts = Path(path).parts
    if len(parts) < 3 or parts[0] != RENDITIONS_DIR:
        return None
    return "/".join(parts[1:-1])


def _render(source: Path, target: Path, width: int, height: int | None) -> None:
    with Image.open(source) as original:
        image = ImageOps.exif_transpose(original).convert("RGB")
        if height:
            # A fixed box (card thumbnails): crop to fill it, keeping the centre.
            image = ImageOps.fit(image, (width, height), Image.Resampling.LANCZOS)
        else:
            image.thumbnail((width, width * 4), Image.Resampling.LANCZOS)
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(".tmp")
        image.save(tmp, "WEBP", quality=82)
        tmp.replace(target)  # another request must never read a half-written file


def get_rendition(image: ImageFieldFile, width: int, height: int | None = None) -> Rendition | None:
    """The rendition of ``image`` at ``width`` (and ``height``, cropping), or None when there is
    no image or the file cannot be read; a page then shows no picture rather than failing."""
    if not image:
        return None
    try:
        source = Path(image.path)
        name = _target_name(image.name, source, width, height)
        target = Path(settings.MEDIA_ROOT) / RENDITIONS_DIR / name
        if not target.exists():
            _render(source, target, width, height)
        with Image.open(target) as done:
            size = done.size
    except (OSError, UnidentifiedImageError, ValueError) as error:
        logger.warning("no rendition for %s: %s", image.name, error)
        return None
    return Rendition(f"{settings.MEDIA_URL}{RENDITIONS_DIR}/{name}", *size)
