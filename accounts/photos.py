"""Profile photos: every upload is decoded and re-encoded on the server with Pillow.

Only the pixels are kept (a fresh JPEG, at most MAX_SIDE px a side), so EXIF, GPS,
comments and anything hidden after the image data are gone. Refused with a clear
message: files over MAX_BYTES, images over MAX_PIXELS (a "pixel bomb" decompresses a
small file into gigabytes, so the header is checked before any pixel is decoded), SVG
(a document that can carry scripts), polyglots (a PNG or JPEG that is also a ZIP) and
anything Pillow cannot read as JPEG, PNG, WebP or GIF.
"""

from __future__ import annotations

import io
import warnings
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from accounts.models import ProfilePhoto, User, Visibility

MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000  # a 40-megapixel camera photo is fine; 50 is not
MAX_SIDE = 1024
FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
# Signatures of a ZIP archive (local file header, end of central directory).
ZIP_MARKERS = (b"PK\x03\x04", b"PK\x05\x06")


def _read(upload: Any) -> bytes:
    if isinstance(upload, bytes | bytearray):
        return bytes(upload)
    if getattr(upload, "size", 0) > MAX_BYTES:
        raise _too_big()
    data = upload.read(MAX_BYTES + 1)
    return data


def _too_big() -> ValidationError:
    return ValidationError(
        {"photo": _("The photo is too large: at most %(mb)d MB.") % {"mb": MAX_BYTES // 2**20}}
    )


def reencode(data: bytes) -> tuple[bytes, int, int]:
    """(JPEG bytes, width, height) of a cleaned copy, or ValidationError saying why not."""
    if len(data) > MAX_BYTES:
        raise _too_big()
    head = data[:1024].lstrip().lower()
    if head.startswith(b"<") or b"<svg" in head:
        raise ValidationError(
            {"photo": _("SVG and other drawings are not accepted: upload a JPEG, PNG or WebP.")}
        )
    if any(marker in data for marker in ZIP_MARKERS):
        raise ValidationError(
            {
                "photo": _(
                    "This file is also an archive (a ZIP inside an image): upload a plain photo."
                )
            }
        )
    not_an_image = ValidationError(
        {"photo": _("This is not an image we can read: upload a JPEG, PNG or WebP.")}
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                if probe.format not in FORMATS:
                    raise not_an_image
                width, height = probe.size
                if width * height > MAX_PIXELS:
                    raise ValidationError(
                        {
                            "photo": _(
                                "The photo has too many pixels (%(mp)d megapixels): at most "
                                "%(max)d. Make it smaller and try again."
                            )
                            % {"mp": width * height // 1_000_000, "max": MAX_PIXELS // 1_000_000}
                        }
                    )
                probe.verify()
            with Image.open(io.BytesIO(data)) as opened:
                opened.seek(0)
                opened.load()
                image: Image.Image = ImageOps.exif_transpose(opened) or opened
                image = image.convert("RGB")
                image.thumbnail((MAX_SIDE, MAX_SIDE))
                out = io.BytesIO()
                # A new image with the pixels only: no exif=, no icc_profile=, no comment.
                Image.frombytes("RGB", image.size, image.tobytes()).save(
                    out, format="JPEG", quality=85, optimize=True
                )
                return out.getvalue(), image.width, image.height
    except ValidationError:
        raise
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
    ):
        raise not_an_image from None


@transaction.atomic
def photo_set(*, user: User, upload: Any, visibility: str = Visibility.MEMBERS) -> ProfilePhoto:
    if visibility not in Visibility.values:
        raise ValidationError({"visibility": _("Choose who may see your photo.")})
    data, width, height = reencode(_read(upload))
    photo, _created = ProfilePhoto.objects.update_or_create(
        user=user,
        defaults={
            "image": data,
            "width": width,
            "height": height,
            "visibility": visibility,
            "updated": timezone.now(),
        },
    )
    return photo


@transaction.atomic
def photo_visibility_set(*, user: User, visibility: str) -> None:
    if visibility not in Visibility.values:
        raise ValidationError({"visibility": _("Choose who may see your photo.")})
    ProfilePhoto.objects.filter(user=user).update(visibility=visibility)


@transaction.atomic
def photo_delete(*, user: User) -> None:
    ProfilePhoto.objects.filter(user=user).delete()
