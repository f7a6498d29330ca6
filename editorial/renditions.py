"""Image renditions: an uploaded image resized once with Pillow to the size a page shows it at.

Pages never send the editor's original upload (often several megabytes). A rendition is written
under ``MEDIA_ROOT/renditions/`` the first time it is asked for, named after the source file, its
modification time and the size, so a replaced image gets new renditions and old ones are never
served for it.
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


def _target_name(source: Path, width: int, height: int | None) -> str:
    stamp = f"{source.name}:{source.stat().st_mtime_ns}:{width}x{height or 0}"
    digest = hashlib.sha256(stamp.encode()).hexdigest()[:16]
    return f"{source.stem[:40]}-{digest}.webp"


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
        name = _target_name(source, width, height)
        target = Path(settings.MEDIA_ROOT) / RENDITIONS_DIR / name
        if not target.exists():
            _render(source, target, width, height)
        with Image.open(target) as done:
            size = done.size
    except (OSError, UnidentifiedImageError, ValueError) as error:
        logger.warning("no rendition for %s: %s", image.name, error)
        return None
    return Rendition(f"{settings.MEDIA_URL}{RENDITIONS_DIR}/{name}", *size)
