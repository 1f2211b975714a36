"""Citizens' photos: check they are images, drop their metadata, store them under safe names."""

from __future__ import annotations

import asyncio
import io
import os
import re
import uuid
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps

from services.ingest.open311.exif import gps_from_image
from shared.events.mention import GeoPoint

MAX_PHOTO_BYTES = 10 * 1024 * 1024
# Pillow format -> (content type, file extension); others are refused.
FORMATS = {
    "JPEG": ("image/jpeg", "jpg"),
    "PNG": ("image/png", "png"),
    "WEBP": ("image/webp", "webp"),
}
_CONTENT_TYPES = {extension: content_type for content_type, extension in FORMATS.values()}
_STORED_NAME = re.compile(r"^[0-9a-f]{32}\.(jpg|png|webp)$")


class PhotoRejected(ValueError):
    """The upload is not a photo Heard accepts; the message says why, in plain English."""


@dataclass(frozen=True)
class Photo:
    """An accepted photo: re-encoded without its EXIF, and the position that EXIF gave."""

    data: bytes
    content_type: str
    extension: str
    gps: GeoPoint | None


def inspect_photo(raw: bytes) -> Photo:
    """Check an upload is a JPEG, PNG or WebP image of at most 10 MB; read and strip its EXIF."""
    if not raw:
        raise PhotoRejected("The photo is empty.")
    if len(raw) > MAX_PHOTO_BYTES:
        raise PhotoRejected("The photo is larger than 10 MB.")
    try:
        with Image.open(io.BytesIO(raw)) as image:
            if image.format not in FORMATS:
                raise PhotoRejected("The photo must be a JPEG, PNG or WebP image.")
            content_type, extension = FORMATS[image.format]
            gps = gps_from_image(image)
            image.load()
            # The stored copy is public: re-encode it so the citizen's GPS, camera serial
            # and timestamps are not published with it; keep its orientation and colours.
            upright = ImageOps.exif_transpose(image)
            out = io.BytesIO()
            options: dict[str, object] = {"icc_profile": image.info.get("icc_profile")}
            if image.format == "JPEG":
                options["quality"] = 90
            upright.save(out, image.format, **options)
    except PhotoRejected:
        raise
    except Exception as error:  # Pillow raises many types for corrupt or hostile files
        raise PhotoRejected("The file is not an image we can read.") from error
    return Photo(data=out.getvalue(), content_type=content_type, extension=extension, gps=gps)


class PhotoStore:
    """Photos on disk under media_dir, named by random ids so nobody can guess or steer a path."""

    def __init__(self, root: Path) -> None:
        self.root = root

    async def save(self, photo: Photo) -> str:
        """Write the photo; returns its file name."""
        name = f"{uuid.uuid4().hex}.{photo.extension}"
        await asyncio.to_thread(_write_new, self.root / name, photo.data)
        return name

    async def delete(self, name: str) -> None:
        """Remove a stored photo (after a failed intake)."""
        path = self.path(name)
        if path is not None:
            await asyncio.to_thread(path.unlink, True)

    def path(self, name: str) -> Path | None:
        """The stored file for a name Heard generated, or None for anything else."""
        if not _STORED_NAME.fullmatch(name):
            return None
        path = self.root / name
        return path if path.is_file() else None

    @staticmethod
    def content_type(name: str) -> str:
        """The content type a stored name was saved with."""
        return _CONTENT_TYPES.get(name.rsplit(".", 1)[-1], "application/octet-stream")


def _write_new(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    with os.fdopen(descriptor, "wb") as file:
        file.write(data)
