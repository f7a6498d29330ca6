"""Uploads are served by the portal in every environment (spi_portal/media.py), safely."""

from pathlib import Path

import pytest
from django.conf import settings


@pytest.fixture
def upload():
    def write(name: str, content: bytes) -> str:
        path = Path(settings.MEDIA_ROOT) / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
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
