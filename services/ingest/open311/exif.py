"""Where a photo was taken, from its EXIF GPS tags (JPEG, and PNG/WebP that carry EXIF)."""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from typing import Any

from PIL import ExifTags, Image

from shared.events.mention import GeoPoint

_LAT_REF, _LAT, _LON_REF, _LON, _STATUS = 1, 2, 3, 4, 9


def _degrees(value: Any, ref: Any, negative: str) -> float | None:
    """(degrees, minutes, seconds) rationals and an N/S/E/W ref -> signed decimal degrees."""
    if not isinstance(value, Sequence) or isinstance(value, str | bytes) or not value:
        return None
    try:
        parts = [float(part) for part in value][:3]
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    parts += [0.0] * (3 - len(parts))
    if not all(math.isfinite(part) and part >= 0 for part in parts):
        return None
    decimal = parts[0] + parts[1] / 60 + parts[2] / 3600
    if isinstance(ref, bytes):
        ref = ref.decode("ascii", "ignore")
    return -decimal if str(ref).strip().upper().startswith(negative) else decimal


def gps_from_image(image: Image.Image) -> GeoPoint | None:
    """The photo's GPS position, or None when it has none (or only a void/zero fix)."""
    try:
        gps = image.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    except Exception:  # malformed EXIF is common in the wild; treat it as absent
        return None
    if not gps or str(gps.get(_STATUS, "A")).upper().startswith("V"):
        return None
    lat = _degrees(gps.get(_LAT), gps.get(_LAT_REF, "N"), "S")
    lon = _degrees(gps.get(_LON), gps.get(_LON_REF, "E"), "W")
    # Some cameras write 0,0 when they have no fix yet: that is no position at all.
    if lat is None or lon is None or (lat == 0 and lon == 0):
        return None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    return GeoPoint(lat=lat, lon=lon)


def gps_from_bytes(data: bytes) -> GeoPoint | None:
    """gps_from_image for raw file bytes; None when they are not a readable image."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            return gps_from_image(image)
    except Exception:
        return None
