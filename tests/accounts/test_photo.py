"""Profile photos are re-encoded on the server: EXIF and GPS are gone from what is
stored; pixel bombs, SVGs, polyglots and non-images are refused with a clear message."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from accounts.models import Block, ProfilePhoto
from tests.conftest import client_for

GPS_IFD = 0x8825


def jpeg_with_gps(size=(1600, 1200)) -> bytes:
    image = Image.new("RGB", size, (200, 80, 40))
    exif = Image.Exif()
    exif[0x010F] = "MarkerCam"  # Make
    exif[GPS_IFD] = {1: "N", 2: (59.0, 54.0, 49.37), 3: "E", 4: (10.0, 45.0, 9.77)}
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    data = out.getvalue()
    assert b"MarkerCam" in data  # the upload really carries metadata
    return data


def upload(client, data: bytes, name="me.jpg", visibility="members"):
    return client.post(
        reverse("accounts:photo"),
        {
            "photo": SimpleUploadedFile(name, data, content_type="image/jpeg"),
            "visibility": visibility,
        },
    )


def test_the_stored_photo_has_no_exif_or_gps(owner, owner_client):
    response = upload(owner_client, jpeg_with_gps())
    assert response.status_code == 302
    stored = bytes(ProfilePhoto.objects.get(user=owner).image)
    assert b"MarkerCam" not in stored and b"Exif" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == "JPEG" and max(image.size) == 1024
        assert not image.getexif() and GPS_IFD not in image.getexif()
    served = owner_client.get(reverse("accounts:member_photo", args=[owner.public_id]))
    assert served["Content-Type"] == "image/jpeg" and bytes(served.content) == stored


def _refused(client, data, name="me.png"):
    response = upload(client, data, name=name)
    assert response.status_code == 400
    assert not ProfilePhoto.objects.exists()
    return response.context["form"].errors["photo"][0]


def test_a_fifty_megapixel_photo_is_refused(owner_client):
    out = io.BytesIO()
    Image.new("1", (8000, 6250)).save(out, format="PNG")  # 50 MP, a small file
    assert "too many pixels" in _refused(owner_client, out.getvalue())


def test_a_png_that_is_really_a_zip_is_refused(owner_client):
    out = io.BytesIO()
    Image.new("RGB", (10, 10)).save(out, format="PNG")
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("payload.html", "<script>alert(1)</script>")
    assert "archive" in _refused(owner_client, out.getvalue() + archive.getvalue())


def test_an_svg_and_a_non_image_are_refused(owner_client):
    svg = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>1</script></svg>'
    assert "SVG" in _refused(owner_client, svg, name="me.svg")
    assert "not an image" in _refused(owner_client, b"%PDF-1.4 hello", name="me.pdf")


def test_a_file_over_the_size_cap_is_refused(owner_client):
    assert "too large" in _refused(owner_client, b"\xff\xd8" + b"0" * (5 * 1024 * 1024 + 10))


@pytest.mark.parametrize(
    ("visibility", "member_sees"), [("members", True), ("only_me", False), ("connections", False)]
)
def test_the_photo_has_its_own_visibility(owner, owner_client, member, visibility, member_sees):
    upload(owner_client, jpeg_with_gps((64, 64)), visibility=visibility)
    url = reverse("accounts:member_photo", args=[owner.public_id])
    assert (client_for(member).get(url).status_code == 200) is member_sees
    assert owner_client.get(url).status_code == 200
    profile = client_for(member).get(reverse("accounts:member", args=[owner.public_id])).content
    assert (url.encode() in profile) is member_sees


def test_blocked_and_anonymous_never_get_it(owner, owner_client, blocked, client):
    upload(owner_client, jpeg_with_gps((64, 64)))
    url = reverse("accounts:member_photo", args=[owner.public_id])
    assert client_for(blocked).get(url).status_code == 404
    assert client.get(url).status_code == 302  # to sign in
    assert Block.objects.exists()
