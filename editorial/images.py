"""Image uploads checked with Pillow before they are stored.

An upload must be a real JPEG, PNG or WebP image within a byte and pixel budget. Anything past
the pixel budget is refused, including the "decompression bomb" case Pillow only warns about.
Accepted images are re-encoded, which drops EXIF (camera, GPS position) and other metadata after
the orientation it records has been applied; the renditions the public pages use are made at once.
"""

import io
import warnings
from pathlib import PurePosixPath

from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageOps, UnidentifiedImageError

from editorial.renditions import get_rendition

MAX_UPLOAD_BYTES = 8 * 1024 * 1024
# 40 megapixels covers any camera or scan an editor would upload; Pillow's own check uses the
# same limit, so no path through Pillow opens anything larger.
MAX_PIXELS = 40_000_000
Image.MAX_IMAGE_PIXELS = MAX_PIXELS
FORMATS = {
    "JPEG": ("jpg", "image/jpeg"),
    "PNG": ("png", "image/png"),
    "WEBP": ("webp", "image/webp"),
}
_SAVE_OPTIONS = {"JPEG": {"quality": 88, "optimize": True}, "PNG": {"optimize": True}, "WEBP": {}}


def _open_checked(data: bytes) -> Image.Image:
    """Decode the whole image, with Pillow's size warning raised as an error."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data))
            if image.format not in FORMATS:
                raise forms.ValidationError(
                    f"{image.format} images are not accepted; upload a JPEG, PNG or WebP.",
                    code="format",
                )
            image.load()
        except (Image.DecompressionBombWarning, Image.DecompressionBombError):
            raise forms.ValidationError(
                f"This image has too many pixels (the limit is {MAX_PIXELS // 1_000_000} "
                "megapixels); resize it and upload it again.",
                code="too_many_pixels",
            ) from None
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
            raise forms.ValidationError(
                "This file is not an image that can be read; upload a JPEG, PNG or WebP.",
                code="not_an_image",
            ) from None
    return image


def clean_upload(upload) -> SimpleUploadedFile:
    """Check an uploaded image and return it re-encoded without metadata."""
    if upload.size > MAX_UPLOAD_BYTES:
        raise forms.ValidationError(
            f"This file is {upload.size / 1_048_576:.1f} MB; the limit is "
            f"{MAX_UPLOAD_BYTES // 1_048_576} MB.",
            code="too_large",
        )
    image = _open_checked(upload.read())
    kind = image.format
    extension, content_type = FORMATS[kind]
    clean = ImageOps.exif_transpose(image)
    if kind == "JPEG" and clean.mode not in ("RGB", "L", "CMYK"):
        clean = clean.convert("RGB")
    out = io.BytesIO()
    clean.save(out, kind, **_SAVE_OPTIONS[kind])
    name = f"{PurePosixPath(upload.name).stem[:80] or 'image'}.{extension}"
    return SimpleUploadedFile(name, out.getvalue(), content_type=content_type)


class SafeImageField(forms.ImageField):
    """An image form field that applies `clean_upload` to every new upload."""

    def to_python(self, data):
        upload = forms.FileField.to_python(self, data)
        return None if upload is None else clean_upload(upload)


def renditions_for_changed_images(form, obj, sizes: dict[str, list]) -> None:
    """After a save: make, for every image field that got a new file, the renditions the public
    pages show it at (``sizes``: the (width, height) pairs by field name), so no reader's request
    has to wait for the resizing."""
    for name, field in form.fields.items():
        if isinstance(field, SafeImageField) and name in form.changed_data:
            fieldfile = getattr(obj, name)
            for size in sizes.get(name, ()):
                get_rendition(fieldfile, *size)
