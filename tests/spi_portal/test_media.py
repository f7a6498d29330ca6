"""Uploads are served by the portal in every environment (spi_portal/media.py), safely: a
record's file only while the record is published (before, to staff), nothing through a link."""

import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from editorial.models import PublicationStatus
from editorial.renditions import get_rendition
from projects.models import Resource
from tests.factories import make_project, make_staff

pytestmark = pytest.mark.django_db


def _owner(name: str, status: str):
    """The record a file in a record's folder belongs to."""
    if name.startswith("resources/"):
        return Resource.objects.create(title="A report", file=name, status=status)
    if name.startswith("projects/"):
        return make_project(image=name, status=status)
    return None


@pytest.fixture
def upload():
    """Write a file under MEDIA_ROOT, held by a record of ``status`` when it is in a record's
    folder; its address."""

    def write(name: str, content: bytes, status=PublicationStatus.PUBLISHED) -> str:
        path = Path(settings.MEDIA_ROOT) / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        _owner(name, status)
        return settings.MEDIA_URL + name

    return write


def test_an_uploaded_image_is_served_inline_and_cached(client, upload):
    url = upload("projects/patch.png", b"\x89PNG\r\n\x1a\n")
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("inline")
    assert response["Cache-Control"] == "public, max-age=86400"


def test_a_file_written_after_start_is_served(client, upload):
    assert client.get(settings.MEDIA_URL + "resources/late.pdf").status_code == 404
    url = upload("resources/late.pdf", b"%PDF-1.4")
    assert client.get(url).status_code == 200


def test_an_uploaded_html_page_is_only_a_download(client, upload):
    url = upload("resources/page.html", b"<script>alert(document.cookie)</script>")
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"] == "attachment"


def test_an_svg_is_only_a_download(client, upload):
    url = upload("agencies/logo.svg", b"<svg xmlns='http://www.w3.org/2000/svg'></svg>")
    assert client.get(url)["Content-Disposition"] == "attachment"


@pytest.mark.parametrize("path", ["../settings.py", "%2e%2e/%2e%2e/etc/passwd"])
def test_a_path_outside_the_media_files_is_refused(client, upload, path):
    upload("projects/patch.png", b"\x89PNG\r\n\x1a\n")
    assert client.get(settings.MEDIA_URL + path).status_code == 400


def test_a_folder_is_not_listed(client, upload):
    upload("projects/patch.png", b"\x89PNG\r\n\x1a\n")
    assert client.get(settings.MEDIA_URL + "projects/").status_code == 404


def test_uploads_cannot_be_written_through_the_media_address(client, upload):
    url = upload("projects/patch.png", b"\x89PNG\r\n\x1a\n")
    assert client.post(url).status_code == 405


@pytest.mark.parametrize("name", ["resources/draft-report.pdf", "projects/draft-photo.png"])
@pytest.mark.parametrize("status", [PublicationStatus.DRAFT, PublicationStatus.UNPUBLISHED])
def test_the_file_of_an_unpublished_record_is_only_for_staff(client, upload, name, status):
    url = upload(name, b"%PDF-1.4" if name.endswith(".pdf") else b"\x89PNG\r\n\x1a\n", status)
    assert client.get(url).status_code == 404
    client.force_login(make_staff("Editor"))
    response = client.get(url)
    assert response.status_code == 200
    assert "private" in response["Cache-Control"] and "public" not in response["Cache-Control"]


@pytest.mark.parametrize("status", [PublicationStatus.DRAFT, PublicationStatus.PUBLISHED])
def test_an_images_renditions_are_served_as_the_image_is(client, settings, tmp_path, status):
    settings.MEDIA_ROOT = tmp_path
    image = Image.new("RGB", (800, 600), "navy")
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    project = make_project(status=status)
    project.image.save("photo.png", ContentFile(buffer.getvalue()))
    rendition = get_rendition(project.image, 640, 360)
    public = status == PublicationStatus.PUBLISHED
    assert client.get(rendition.url).status_code == (200 if public else 404)
    client.force_login(make_staff("Editor"))
    assert client.get(rendition.url).status_code == 200


def test_a_rendition_that_names_no_image_is_not_served(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "renditions").mkdir()
    (tmp_path / "renditions" / "photo-0123456789abcdef.webp").write_bytes(b"RIFF")
    assert (
        client.get(settings.MEDIA_URL + "renditions/photo-0123456789abcdef.webp").status_code == 404
    )


def test_a_file_no_record_holds_is_not_served(client):
    path = Path(settings.MEDIA_ROOT) / "resources" / "left-behind.pdf"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"%PDF-1.4")
    assert client.get(settings.MEDIA_URL + "resources/left-behind.pdf").status_code == 404


@pytest.mark.parametrize("link", ["renditions/secret.txt", "linked/secret.txt"])
def test_nothing_is_served_through_a_symbolic_link(client, settings, tmp_path, link):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("not an upload")
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "renditions").mkdir(parents=True)
    (settings.MEDIA_ROOT / "renditions" / "secret.txt").symlink_to(outside / "secret.txt")
    (settings.MEDIA_ROOT / "linked").symlink_to(outside, target_is_directory=True)
    assert client.get(settings.MEDIA_URL + link).status_code == 404


def test_an_upload_gets_a_random_name_keeping_its_extension():
    resource = Resource.objects.create(
        title="Final report",
        file=SimpleUploadedFile("Chicago 2009 Final Report.PDF", b"%PDF-1.4"),
        status=PublicationStatus.DRAFT,
    )
    assert re.fullmatch(r"resources/[0-9a-f]{32}\.pdf", resource.file.name)
    other = make_project(image=SimpleUploadedFile("patch.png", b"\x89PNG\r\n\x1a\n"))
    assert re.fullmatch(r"projects/[0-9a-f]{32}\.png", other.image.name)
