"""Where a photo was taken, read from its EXIF GPS tags, and never published with it."""

from __future__ import annotations

import io

import pytest
from PIL import ExifTags, Image, TiffImagePlugin

from services.ingest.open311.exif import _degrees, gps_from_bytes
from services.ingest.open311.photos import PhotoRejected, inspect_photo


def _dms(value: float) -> tuple[float, float, float]:
    degrees = int(value)
    minutes = int((value - degrees) * 60)
    return float(degrees), float(minutes), round((value - degrees - minutes / 60) * 3600, 4)


def photo(
    lat: float | None, lon: float | None, fmt: str = "JPEG", extra: dict[int, object] | None = None
) -> bytes:
    """A small image whose EXIF says it was taken at (lat, lon), plus `extra` GPS tags."""
    exif = Image.Exif()
    if lat is not None and lon is not None:
        exif[ExifTags.IFD.GPSInfo] = {
            1: "S" if lat < 0 else "N",
            2: _dms(abs(lat)),
            3: "W" if lon < 0 else "E",
            4: _dms(abs(lon)),
            **(extra or {}),
        }
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "orange").save(out, fmt, exif=exif)
    return out.getvalue()


def test_north_and_west_become_a_positive_latitude_and_negative_longitude() -> None:
    point = gps_from_bytes(photo(51.8210, -3.0174))  # Abergavenny
    assert point is not None
    assert point.lat == pytest.approx(51.8210, abs=1e-4)
    assert point.lon == pytest.approx(-3.0174, abs=1e-4)


def test_south_and_east_become_a_negative_latitude_and_positive_longitude() -> None:
    point = gps_from_bytes(photo(-33.8568, 151.2153))
    assert point is not None
    assert (point.lat, point.lon) == (
        pytest.approx(-33.8568, abs=1e-4),
        pytest.approx(151.2153, abs=1e-4),
    )


def test_png_and_webp_photos_carry_their_position_too() -> None:
    for fmt in ("PNG", "WEBP"):
        point = gps_from_bytes(photo(54.6538, -5.6728, fmt))  # Bangor, County Down
        assert point is not None, fmt
        assert point.lat == pytest.approx(54.6538, abs=1e-4)


def test_a_photo_without_gps_has_no_position() -> None:
    assert gps_from_bytes(photo(None, None)) is None


def test_a_void_or_zero_fix_is_no_position() -> None:
    assert gps_from_bytes(photo(51.8210, -3.0174, extra={9: "V"})) is None
    assert gps_from_bytes(photo(0.0, 0.0)) is None


def test_a_rational_with_a_zero_denominator_is_no_position() -> None:
    broken = (TiffImagePlugin.IFDRational(51, 0), 0.0, 0.0)
    assert _degrees(broken, "N", "S") is None
    assert _degrees("51.8", "N", "S") is None


def test_bytes_that_are_not_an_image_have_no_position() -> None:
    assert gps_from_bytes(b"%PDF-1.7 not a photo") is None


@pytest.mark.parametrize(
    ("fmt", "content_type"), [("JPEG", "image/jpeg"), ("PNG", "image/png"), ("WEBP", "image/webp")]
)
def test_the_stored_copy_of_a_photo_keeps_no_gps_but_intake_still_knows_where(
    fmt: str, content_type: str
) -> None:
    accepted = inspect_photo(photo(51.8210, -3.0174, fmt))
    assert accepted.gps is not None and accepted.gps.lat == pytest.approx(51.8210, abs=1e-4)
    assert accepted.content_type == content_type
    assert gps_from_bytes(accepted.data) is None
    with Image.open(io.BytesIO(accepted.data)) as stored:
        assert stored.format == fmt and stored.size == (40, 30)
        assert not stored.getexif()


def test_files_that_are_not_jpeg_png_or_webp_are_rejected() -> None:
    gif = io.BytesIO()
    Image.new("RGB", (4, 4)).save(gif, "GIF")
    for raw in (b"hello", gif.getvalue(), b""):
        with pytest.raises(PhotoRejected):
            inspect_photo(raw)
