"""Image renditions: written under MEDIA_ROOT at the asked size, reused once made, and an image
tag with its dimensions; a missing or unreadable file renders nothing."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from PIL import Image

from editorial.renditions import get_rendition
from tests.factories import make_agency


def _png(width: int, height: int) -> SimpleUploadedFile:
    from io import BytesIO

    buffer = BytesIO()
    Image.new("RGB", (width, height), (20, 60, 120)).save(buffer, "PNG")
    return SimpleUploadedFile("patch.png", buffer.getvalue(), content_type="image/png")


@pytest.fixture
def agency_with_patch(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    agency = make_agency()
    agency.patch.save("patch.png", _png(800, 600))
    return agency


def test_rendition_is_written_under_media_root_renditions(agency_with_patch, settings):
    rendition = get_rendition(agency_with_patch.patch, 200)
    files = list((Path(settings.MEDIA_ROOT) / "renditions").rglob("*.webp"))
    assert len(files) == 1
    # Filed under the image's own name, which says whose it is (spi_portal.views.media).
    assert (
        files[0].parent == Path(settings.MEDIA_ROOT) / "renditions" / agency_with_patch.patch.name
    )
    assert rendition.url.endswith(files[0].name)


def test_rendition_keeps_the_aspect_ratio_at_the_asked_width(agency_with_patch):
    rendition = get_rendition(agency_with_patch.patch, 200)
    assert (rendition.width, rendition.height) == (200, 150)


def test_rendition_with_a_height_is_cropped_to_that_box(agency_with_patch):
    rendition = get_rendition(agency_with_patch.patch, 160, 160)
    assert (rendition.width, rendition.height) == (160, 160)


def test_second_request_reuses_the_cached_file(agency_with_patch, settings):
    first = get_rendition(agency_with_patch.patch, 200)
    target = Path(settings.MEDIA_ROOT) / first.url.removeprefix(settings.MEDIA_URL)
    stamp = target.stat().st_mtime_ns
    get_rendition(agency_with_patch.patch, 200)
    assert target.stat().st_mtime_ns == stamp


def test_image_tag_sets_width_height_and_lazy_loading(agency_with_patch):
    html = Template('{% load portal %}{% image patch 200 alt="Patch" %}').render(
        Context({"patch": agency_with_patch.patch})
    )
    assert 'width="200"' in html and 'height="150"' in html
    assert 'loading="lazy"' in html
    assert 'alt="Patch"' in html


def test_missing_image_renders_nothing(db):
    agency = make_agency()
    assert get_rendition(agency.patch, 200) is None


def test_unreadable_file_gives_no_rendition(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    agency = make_agency()
    agency.patch.save("broken.png", SimpleUploadedFile("broken.png", b"not an image"))
    assert get_rendition(agency.patch, 200) is None
