"""Image uploads: real JPEG, PNG or WebP within limits; metadata stripped; renditions made."""

import io
from pathlib import Path

import pytest
from django import forms
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from editorial.images import MAX_PIXELS, clean_upload
from editorial.renditions import RENDITIONS_DIR
from tests.admin_forms import form_data
from tests.factories import make_agency, make_complete_project, make_staff

pytestmark = pytest.mark.django_db


def image_file(name="photo.jpg", size=(1200, 800), kind="JPEG", mode="RGB", exif=None):
    out = io.BytesIO()
    options = {"exif": exif} if exif is not None else {}
    Image.new(mode, size, "white" if mode != "1" else 1).save(out, kind, **options)
    return SimpleUploadedFile(name, out.getvalue())


def gps_exif():
    exif = Image.Exif()
    exif[0x010F] = "CameraMaker"  # Make
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (40.0, 26.0, 46.0)
    return exif


def test_exif_and_gps_are_stripped():
    upload = image_file(exif=gps_exif())
    assert Image.open(io.BytesIO(upload.read())).getexif()
    upload.seek(0)
    clean = Image.open(io.BytesIO(clean_upload(upload).read()))
    assert clean.format == "JPEG"
    assert not clean.getexif()


@pytest.mark.parametrize("kind, extension", [("PNG", "png"), ("WEBP", "webp")])
def test_png_and_webp_are_accepted(kind, extension):
    assert clean_upload(image_file(f"x.{extension}", kind=kind)).name == f"x.{extension}"


def test_non_image_is_refused():
    with pytest.raises(forms.ValidationError, match="not an image that can be read"):
        clean_upload(SimpleUploadedFile("report.jpg", b"%PDF-1.4 not an image"))


def test_gif_is_refused():
    with pytest.raises(forms.ValidationError, match="GIF images are not accepted"):
        clean_upload(image_file("a.gif", kind="GIF", mode="P"))


def test_pillow_warning_range_is_refused_as_a_bomb():
    # Just past the limit Pillow only warns; that warning must refuse the upload.
    side = int(MAX_PIXELS**0.5) + 100
    with pytest.raises(forms.ValidationError, match="too many pixels"):
        clean_upload(image_file("bomb.png", size=(side, side), kind="PNG", mode="1"))


def test_decompression_bomb_is_refused():
    with pytest.raises(forms.ValidationError, match="too many pixels"):
        clean_upload(image_file("bomb.png", size=(10_000, 9_000), kind="PNG", mode="1"))


def test_oversized_file_is_refused():
    upload = SimpleUploadedFile("big.jpg", b"\xff" * (9 * 1024 * 1024))
    with pytest.raises(forms.ValidationError, match="the limit is 8 MB"):
        clean_upload(upload)


def change_url(project):
    return reverse("admin:projects_project_change", args=[project.pk])


def test_rejected_upload_is_a_form_error_and_keeps_the_rest(client):
    client.force_login(make_staff("Editor"))
    project = make_complete_project()
    data = form_data(client.get(change_url(project))) | {"summary": "Kept after the error"}
    data["image"] = image_file("bomb.png", size=(10_000, 9_000), kind="PNG", mode="1")
    response = client.post(change_url(project), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "too many pixels" in page
    assert "Kept after the error" in page
    project.refresh_from_db()
    assert not project.image


def test_non_image_upload_is_a_form_error(client):
    client.force_login(make_staff("Editor"))
    project = make_complete_project()
    data = form_data(client.get(change_url(project)))
    data["image"] = SimpleUploadedFile("notes.png", b"just text")
    response = client.post(change_url(project), data)
    assert "not an image that can be read" in response.content.decode()


def test_accepted_upload_is_stored_clean_with_renditions(client):
    client.force_login(make_staff("Editor"))
    project = make_complete_project()
    data = form_data(client.get(change_url(project))) | {"image_alt": "Officers on foot"}
    data["image"] = image_file(exif=gps_exif())
    assert client.post(change_url(project), data).status_code == 302
    project.refresh_from_db()
    with project.image.open("rb") as stored:
        assert not Image.open(stored).getexif()
    made = sorted((Path(settings.MEDIA_ROOT) / RENDITIONS_DIR / project.image.name).glob("*.webp"))
    assert len(made) == 2
    assert sorted(Image.open(path).size for path in made) == [(640, 360), (960, 640)]


def test_agency_patch_is_checked_too(client, django_user_model):
    client.force_login(make_staff("Editor"))
    agency = make_agency()
    url = reverse("admin:projects_agency_change", args=[agency.pk])
    data = form_data(client.get(url))
    data["patch"] = SimpleUploadedFile("patch.jpg", b"GIF89a not really")
    response = client.post(url, data)
    assert response.status_code == 200
    assert "not an image that can be read" in response.content.decode()
