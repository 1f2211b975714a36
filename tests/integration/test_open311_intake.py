"""Citizens without social media: Open311 GeoReport v2 requests and the /report web form,
through the real router in a small app, with a sink that records what ingest would publish."""

from __future__ import annotations

import io
import json
import logging
import stat
from collections.abc import AsyncIterator, Sequence
from pathlib import Path
from xml.etree import ElementTree

import httpx
import pytest
from fastapi import FastAPI
from PIL import ExifTags, Image

from services.ingest.open311 import RequestStatus, create_open311_router
from shared.events.mention import Mention
from triage.schema import CATEGORIES

BASE_URL = "https://heard.example.gov.uk"
ABERGAVENNY = (51.8210, -3.0174)
CODES = list(CATEGORIES)  # the taxonomy's fourteen, in its order


class RecordingSink:
    """A MentionSink that keeps what it was given (or fails, when told to)."""

    def __init__(self, fail: bool = False) -> None:
        self.calls: list[tuple[str, list[Mention]]] = []
        self.fail = fail

    async def __call__(self, mentions: Sequence[Mention], feed: str) -> int:
        if self.fail:
            raise RuntimeError("broker unavailable")
        self.calls.append((feed, list(mentions)))
        return len(mentions)

    @property
    def mentions(self) -> list[Mention]:
        return [mention for _, batch in self.calls for mention in batch]


def _dms(value: float) -> tuple[float, float, float]:
    degrees = int(value)
    minutes = int((value - degrees) * 60)
    return float(degrees), float(minutes), round((value - degrees - minutes / 60) * 3600, 4)


def jpeg(at: tuple[float, float] | None = None) -> bytes:
    """A small JPEG, with EXIF GPS saying where it was taken when `at` is given."""
    exif = Image.Exif()
    if at is not None:
        lat, lon = at
        exif[ExifTags.IFD.GPSInfo] = {
            1: "S" if lat < 0 else "N",
            2: _dms(abs(lat)),
            3: "W" if lon < 0 else "E",
            4: _dms(abs(lon)),
        }
    out = io.BytesIO()
    Image.new("RGB", (64, 48), "red").save(out, "JPEG", exif=exif)
    return out.getvalue()


def stored(directory: Path, pattern: str) -> list[Path]:
    """Files intake left on disk (tests may block; the app must not)."""
    return sorted(directory.glob(pattern))


def make_client(sink: RecordingSink, media_dir: Path, **options: object) -> httpx.AsyncClient:
    app = FastAPI()
    app.include_router(
        create_open311_router(
            sink=sink, media_dir=media_dir, public_base_url=BASE_URL + "/", **options
        )
    )  # type: ignore[arg-type]
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://ingest")


@pytest.fixture
def sink() -> RecordingSink:
    return RecordingSink()


@pytest.fixture
async def client(sink: RecordingSink, tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    async with make_client(sink, tmp_path) as client:
        yield client


def pothole(**extra: str) -> dict[str, str]:
    return {
        "api_key": "any",
        "service_code": "road_defect",
        "description": "Deep pothole by the bus stop",
        **extra,
    }


async def test_the_service_list_offers_heards_fourteen_categories_as_realtime_services(
    client: httpx.AsyncClient,
) -> None:
    response = await client.get("/open311/v2/services.json")
    assert response.status_code == 200
    services = response.json()
    assert [service["service_code"] for service in services] == CODES
    assert services[0]["service_name"] == "Traffic lights"
    assert {s["service_name"] for s in services} >= {"Crime (non-emergency)", "NHS services"}
    assert all(s["type"] == "realtime" and s["metadata"] is False for s in services)
    assert all(s["keywords"] and s["group"] and s["description"] for s in services)


async def test_the_service_list_is_also_served_as_xml(client: httpx.AsyncClient) -> None:
    response = await client.get("/open311/v2/services.xml")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/xml")
    root = ElementTree.fromstring(response.content)
    assert root.tag == "services"
    assert [s.findtext("service_code") for s in root.findall("service")] == CODES
    assert root.find("service/metadata").text == "false"  # type: ignore[union-attr]


async def test_a_service_definition_is_empty_and_an_unknown_one_is_a_404_error_array(
    client: httpx.AsyncClient,
) -> None:
    known = await client.get("/open311/v2/services/flooding.json")
    assert known.json() == {"service_code": "flooding", "attributes": []}
    unknown = await client.get("/open311/v2/services/unicorns.json")
    assert unknown.status_code == 404
    [error] = unknown.json()
    assert error["code"] == 404 and "unicorns" in error["description"]


async def test_a_request_with_lat_and_long_reaches_the_sink_as_a_located_mention(
    client: httpx.AsyncClient,
    sink: RecordingSink,
) -> None:
    response = await client.post(
        "/open311/v2/requests.json",
        data=pothole(
            lat="51.8245",
            long="-3.0185",
            address_string="Frogmore Street, Abergavenny",
            first_name="Lowri",
            device_id="phone-77",
        ),
    )
    assert response.status_code == 200
    [answer] = response.json()
    assert answer["account_id"] is None and answer["service_notice"]
    [(feed, [mention])] = sink.calls
    assert feed == "open311"
    assert (mention.platform, mention.id) == ("open311", answer["service_request_id"])
    assert mention.id.startswith("o311-")
    assert mention.text == (
        "[Potholes and road damage] Deep pothole by the bus stop at Frogmore Street, Abergavenny"
    )
    assert mention.geo is not None and (mention.geo.lat, mention.geo.lon) == (51.8245, -3.0185)
    assert (mention.author.id, mention.author.handle) == ("phone-77", "Lowri")
    assert mention.media == [] and mention.in_reply_to is None and mention.received_by is None


async def test_a_photo_with_gps_locates_a_request_sent_without_lat_and_long(
    client: httpx.AsyncClient,
    sink: RecordingSink,
) -> None:
    response = await client.post(
        "/open311/v2/requests.json",
        data=pothole(),
        files={"media": ("IMG_0042.JPG", jpeg(ABERGAVENNY), "image/jpeg")},
    )
    assert response.status_code == 200, response.text
    [mention] = sink.mentions
    assert mention.geo is not None
    assert mention.geo.lat == pytest.approx(ABERGAVENNY[0], abs=1e-4)
    assert mention.geo.lon == pytest.approx(ABERGAVENNY[1], abs=1e-4)
    [media] = mention.media
    assert media.content_type == "image/jpeg"
    assert media.url.startswith(BASE_URL + "/open311/media/") and media.url.endswith(".jpg")
    served = await client.get(media.url.removeprefix(BASE_URL))
    assert served.status_code == 200 and served.headers["content-type"] == "image/jpeg"
    with Image.open(io.BytesIO(served.content)) as stored:
        assert stored.size == (64, 48) and not stored.getexif().get_ifd(ExifTags.IFD.GPSInfo)


async def test_explicit_lat_and_long_win_over_the_photos_gps(
    client: httpx.AsyncClient,
    sink: RecordingSink,
) -> None:
    await client.post(
        "/open311/v2/requests.json",
        data=pothole(lat="54.6538", long="-5.6728"),
        files={"media": ("p.jpg", jpeg(ABERGAVENNY), "image/jpeg")},
    )
    [mention] = sink.mentions
    assert mention.geo is not None and (mention.geo.lat, mention.geo.lon) == (54.6538, -5.6728)


async def test_a_missing_service_code_is_a_400_in_open311s_error_form(
    client: httpx.AsyncClient,
    sink: RecordingSink,
) -> None:
    response = await client.post(
        "/open311/v2/requests.json", data={"description": "Bins", "lat": "51.8", "long": "-3.0"}
    )
    assert response.status_code == 400
    assert response.json() == [{"code": 400, "description": "service_code was not provided."}]
    assert sink.calls == []


async def test_an_unknown_service_code_is_refused_as_not_found_as_the_spec_says(
    client: httpx.AsyncClient,
    sink: RecordingSink,
) -> None:
    response = await client.post(
        "/open311/v2/requests.json", data=pothole(service_code="dragons", lat="51.8", long="-3.0")
    )
    assert response.status_code == 404
    [error] = response.json()
    assert error["code"] == 404 and "dragons" in error["description"]
    assert sink.calls == []


async def test_a_request_with_no_location_at_all_is_refused(
    client: httpx.AsyncClient,
    sink: RecordingSink,
) -> None:
    bare = await client.post("/open311/v2/requests.json", data=pothole())
    photo_without_gps = await client.post(
        "/open311/v2/requests.json",
        data=pothole(),
        files={"media": ("p.jpg", jpeg(), "image/jpeg")},
    )
    half = await client.post("/open311/v2/requests.json", data=pothole(lat="51.8"))
    for response in (bare, photo_without_gps, half):
        assert response.status_code == 400
        [error] = response.json()
        assert error["code"] == 400 and "lat" in error["description"]
    assert sink.calls == []


async def test_an_upload_that_is_not_an_image_is_refused(
    client: httpx.AsyncClient,
    sink: RecordingSink,
    tmp_path: Path,
) -> None:
    response = await client.post(
        "/open311/v2/requests.json",
        data=pothole(lat="51.8", long="-3.0"),
        files={"media": ("pothole.jpg", b"#!/bin/sh\nrm -rf /\n", "image/jpeg")},
    )
    assert response.status_code == 400
    assert response.json()[0]["description"] == "The file is not an image we can read."
    assert sink.calls == [] and not stored(tmp_path, "*.jpg")


async def test_a_photo_over_10_mb_is_refused(
    client: httpx.AsyncClient,
    sink: RecordingSink,
) -> None:
    huge = jpeg(ABERGAVENNY) + b"\0" * (10 * 1024 * 1024)
    response = await client.post(
        "/open311/v2/requests.json",
        data=pothole(),
        files={"media": ("big.jpg", huge, "image/jpeg")},
    )
    assert response.status_code == 400 and "10 MB" in response.json()[0]["description"]
    assert sink.calls == []


async def test_a_description_over_4000_characters_is_refused(
    client: httpx.AsyncClient,
    sink: RecordingSink,
) -> None:
    response = await client.post(
        "/open311/v2/requests.json", data=pothole(description="x" * 4001, lat="51.8", long="-3.0")
    )
    assert response.status_code == 400 and "4000" in response.json()[0]["description"]
    assert sink.calls == []


async def test_a_request_can_be_looked_up_by_its_id_and_is_open(
    client: httpx.AsyncClient,
) -> None:
    made = await client.post(
        "/open311/v2/requests.json",
        data=pothole(lat="51.8245", long="-3.0185", address_string="Frogmore Street"),
    )
    request_id = made.json()[0]["service_request_id"]
    response = await client.get(f"/open311/v2/requests/{request_id}.json")
    assert response.status_code == 200
    [found] = response.json()
    assert found["service_request_id"] == request_id and found["status"] == "open"
    assert (found["service_code"], found["service_name"]) == (
        "road_defect",
        "Potholes and road damage",
    )
    assert (found["description"], found["address"]) == (
        "Deep pothole by the bus stop",
        "Frogmore Street",
    )
    assert (found["lat"], found["long"]) == (51.8245, -3.0185)
    assert found["requested_datetime"].endswith("+00:00")
    assert found["agency_responsible"] is None and found["media_url"] is None
    xml = await client.get(f"/open311/v2/requests/{request_id}.xml")
    root = ElementTree.fromstring(xml.content)
    assert (root.tag, root.findtext("request/status")) == ("service_requests", "open")


async def test_an_unknown_request_id_is_a_404_in_open311s_error_form(
    client: httpx.AsyncClient,
) -> None:
    for request_id in ("o311-01m8adry4pcqgrjqx47wzy87tc", "recent", ".contact"):
        response = await client.get(f"/open311/v2/requests/{request_id}.json")
        assert response.status_code == 404, request_id
        assert response.json()[0]["code"] == 404
    # A path that escapes never reaches a handler at all.
    escape = await client.get("/open311/v2/requests/..%2F..%2Fetc%2Fpasswd.json")
    assert escape.status_code == 404


async def test_the_status_lookup_supplies_the_status_notes_and_agency(
    sink: RecordingSink,
    tmp_path: Path,
) -> None:
    async def lookup(service_request_id: str) -> RequestStatus | None:
        return RequestStatus(
            status="closed",
            status_notes="Filled on 3 March",
            agency_responsible="Monmouthshire County Council",
        )

    async with make_client(sink, tmp_path, status_lookup=lookup) as client:
        made = await client.post("/open311/v2/requests.json", data=pothole(address_string="A40"))
        request_id = made.json()[0]["service_request_id"]
        [found] = (await client.get(f"/open311/v2/requests/{request_id}.json")).json()
    assert (found["status"], found["status_notes"], found["agency_responsible"]) == (
        "closed",
        "Filled on 3 March",
        "Monmouthshire County Council",
    )


async def test_contact_details_never_reach_the_sink_the_public_record_or_the_logs(
    client: httpx.AsyncClient,
    sink: RecordingSink,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    response = await client.post(
        "/open311/v2/requests.json",
        data=pothole(
            lat="51.8",
            long="-3.0",
            email="lowri.powell@example.org",
            phone="07700 900123",
            first_name="Lowri",
            last_name="Powell",
            description="Pothole, ring me on 07700900123 or lowri.powell@example.org",
        ),
    )
    request_id = response.json()[0]["service_request_id"]
    public = (await client.get(f"/open311/v2/requests/{request_id}.json")).text
    published = json.dumps([m.model_dump(mode="json") for m in sink.mentions])
    for secret in ("lowri.powell@example.org", "07700", "900123", "Powell"):
        assert secret not in published and secret not in public and secret not in caplog.text
    assert sink.mentions[0].text == (
        "[Potholes and road damage] Pothole, ring me on [phone] or [email]"
    )
    contact = tmp_path / "requests" / f"{request_id}.contact.json"
    assert json.loads(contact.read_text())["email"] == "lowri.powell@example.org"
    assert stat.S_IMODE(contact.stat().st_mode) == 0o600


async def test_the_same_form_sent_twice_within_minutes_is_refused_as_a_duplicate(
    client: httpx.AsyncClient,
    sink: RecordingSink,
) -> None:
    form = pothole(lat="51.8", long="-3.0")
    first = await client.post("/open311/v2/requests.json", data=form)
    second = await client.post("/open311/v2/requests.json", data=form)
    assert second.status_code == 400
    assert first.json()[0]["service_request_id"] in second.json()[0]["description"]
    assert len(sink.mentions) == 1


async def test_when_ingest_cannot_take_a_request_the_client_may_retry_and_nothing_is_kept(
    tmp_path: Path,
) -> None:
    failing = RecordingSink(fail=True)
    async with make_client(failing, tmp_path) as client:
        response = await client.post(
            "/open311/v2/requests.json",
            data=pothole(),
            files={"media": ("p.jpg", jpeg(ABERGAVENNY), "image/jpeg")},
        )
        assert response.status_code == 503 and response.json()[0]["code"] == 503
        failing.fail = False
        retried = await client.post(
            "/open311/v2/requests.json",
            data=pothole(),
            files={"media": ("p.jpg", jpeg(ABERGAVENNY), "image/jpeg")},
        )
    assert retried.status_code == 200 and len(failing.mentions) == 1
    assert len(stored(tmp_path, "*.jpg")) == 1
    assert len(stored(tmp_path / "requests", "o311-*.json")) == 1


async def test_only_stored_photos_are_served_and_no_path_escapes_the_media_directory(
    client: httpx.AsyncClient,
    tmp_path: Path,
) -> None:
    (tmp_path / "secret.txt").write_text("not for citizens")
    made = await client.post("/open311/v2/requests.json", data=pothole(lat="51.8", long="-3.0"))
    request_id = made.json()[0]["service_request_id"]
    for name in (
        "secret.txt",
        "..%2Fsecret.txt",
        "requests",
        f"requests%2F{request_id}.json",
        "%2Fetc%2Fpasswd",
        "0" * 32 + ".jpg",
    ):
        assert (await client.get(f"/open311/media/{name}")).status_code == 404, name


async def test_the_report_form_offers_every_category_with_labelled_fields(
    client: httpx.AsyncClient,
) -> None:
    response = await client.get("/report")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    page = response.text
    assert 'enctype="multipart/form-data"' in page and 'lang="en-GB"' in page
    for code in CODES:
        assert f'<option value="{code}">' in page
    assert ">Traffic lights</option>" in page
    for field in ("service_code", "description", "address_string", "media", "email"):
        assert f'<label for="{field}">' in page and f'id="{field}"' in page
    assert 'name="lat"' in page and 'name="long"' in page and "call 999" in page


async def test_sending_the_report_form_with_a_photo_shows_the_reference(
    client: httpx.AsyncClient,
    sink: RecordingSink,
) -> None:
    response = await client.post(
        "/report",
        data={
            "service_code": "traffic_signal",
            "description": "Lights stuck on red",
            "address_string": "",
            "lat": "",
            "long": "",
            "email": "lowri@example.org",
        },
        files={"media": ("lights.jpg", jpeg(ABERGAVENNY), "image/jpeg")},
    )
    assert response.status_code == 200 and "text/html" in response.headers["content-type"]
    [mention] = sink.mentions
    assert mention.text == "[Traffic lights] Lights stuck on red"
    assert mention.geo is not None and mention.geo.lat == pytest.approx(51.8210, abs=1e-4)
    assert "lowri@example.org" not in mention.model_dump_json()
    assert mention.id in response.text
    assert f'href="{BASE_URL}/open311/v2/requests/{mention.id}.json"' in response.text
    looked_up = await client.get(f"/open311/v2/requests/{mention.id}.json")
    assert looked_up.json()[0]["media_url"] == mention.media[0].url


async def test_the_report_form_works_when_no_photo_was_chosen(
    client: httpx.AsyncClient,
    sink: RecordingSink,
) -> None:
    response = await client.post(
        "/report",
        data={
            "service_code": "flytipping",
            "description": "Mattress dumped",
            "address_string": "Castle Street, Abergavenny",
        },
        files={"media": ("", b"", "application/octet-stream")},
    )
    assert response.status_code == 200 and sink.mentions[0].id in response.text


async def test_the_report_form_without_a_location_comes_back_with_a_clear_message(
    client: httpx.AsyncClient,
    sink: RecordingSink,
) -> None:
    response = await client.post(
        "/report",
        data={"service_code": "street_light", "description": "Lamp <out> again"},
        files={"media": ("dark.jpg", jpeg(), "image/jpeg")},
    )
    assert response.status_code == 400
    page = response.text
    assert "<title>Error: Report a problem" in page and "There is a problem" in page
    assert '<a href="#address_string">Tell us where the problem is' in page
    assert "Lamp &lt;out&gt; again</textarea>" in page
    assert '<option value="street_light" selected>' in page
    assert sink.calls == []


async def test_the_report_form_with_a_file_that_is_not_a_photo_comes_back_refilled(
    client: httpx.AsyncClient,
    sink: RecordingSink,
) -> None:
    response = await client.post(
        "/report",
        data={
            "service_code": "noise",
            "description": "Party every night",
            "address_string": "Mill Street",
        },
        files={"media": ("notes.txt", b"just text", "text/plain")},
    )
    assert response.status_code == 400
    assert '<a href="#media">The file is not an image we can read.</a>' in response.text
    assert 'value="Mill Street"' in response.text and sink.calls == []


async def test_sending_the_report_form_twice_shows_the_same_reference(
    client: httpx.AsyncClient,
    sink: RecordingSink,
) -> None:
    form = {"service_code": "noise", "description": "Alarm ringing", "address_string": "Mill St"}
    first = await client.post("/report", data=form)
    again = await client.post("/report", data=form)
    [mention] = sink.mentions
    assert first.status_code == again.status_code == 200
    assert mention.id in first.text and mention.id in again.text
