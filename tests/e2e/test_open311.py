"""Citizens without social media: an Open311 request located from its photo's EXIF GPS."""

from __future__ import annotations

import asyncio
import io

import httpx
from aiokafka import AIOKafkaConsumer
from PIL import Image

from heard.devstack import Stack
from shared.events import ReportRouted
from shared.events.envelope import report_id_for
from tests.support.waiting import wait_until

ABERGAVENNY = (51.8210, -3.0174)


def _rational(value: float) -> tuple[float, float, float]:
    degrees = int(value)
    minutes_float = (value - degrees) * 60
    minutes = int(minutes_float)
    return (degrees, minutes, round((minutes_float - minutes) * 60, 4))


def photo_taken_at(lat: float, lon: float) -> bytes:
    """A JPEG whose EXIF GPS block says where it was taken, as a phone camera writes it."""
    image = Image.new("RGB", (64, 48), (90, 90, 90))
    exif = Image.Exif()
    gps = {
        1: "N" if lat >= 0 else "S",
        2: _rational(abs(lat)),
        3: "E" if lon >= 0 else "W",
        4: _rational(abs(lon)),
    }
    exif[0x8825] = gps
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


async def _routed(stack: Stack, report_id: str) -> ReportRouted:
    consumer = AIOKafkaConsumer(
        ReportRouted.topic,
        bootstrap_servers=stack.config.bootstrap_servers,
        auto_offset_reset="earliest",
        fetch_max_wait_ms=50,
    )
    await consumer.start()
    try:
        deadline = asyncio.get_running_loop().time() + 30
        while asyncio.get_running_loop().time() < deadline:
            for records in (await consumer.getmany(timeout_ms=300)).values():
                for record in records:
                    if record.key == report_id.encode():
                        return ReportRouted.model_validate_json(record.value)
    finally:
        await consumer.stop()
    raise AssertionError(f"no routing for {report_id}")


def test_open311_request_with_a_geotagged_photo_is_located_and_routed_from_it(stack: Stack) -> None:
    ingest = stack.config.service_url("ingest")
    scenario = f"{stack.config.fake_url('department')}/_fake/scenario/monmouthshire-cc"
    httpx.post(
        scenario,
        json={
            "mode": "responsive",
            "ack_after_s": 0.2,
            "update_after_s": None,
            "resolve_after_s": 0.6,
        },
    ).raise_for_status()
    response = httpx.post(
        f"{ingest}/open311/v2/requests.json",
        data={"service_code": "road_defect", "description": "Deep pothole by the bus stop"},
        files={"media": ("pothole.jpg", photo_taken_at(*ABERGAVENNY), "image/jpeg")},
    )
    assert response.status_code == 200, response.text
    request_id = response.json()[0]["service_request_id"]

    routed = asyncio.run(_routed(stack, report_id_for("open311", request_id)))

    location = routed.payload.classification.location
    assert location is not None and location.source == "geo"
    assert abs(location.lat - ABERGAVENNY[0]) < 1e-3 and abs(location.lon - ABERGAVENNY[1]) < 1e-3
    assert routed.payload.classification.area == "monmouthshire"
    assert [b.id for b in routed.payload.bodies] == ["monmouthshire-cc"]
    try:
        # The council resolves it through the Department API; Open311 shows that too.
        closed = wait_until(
            lambda: [
                s
                for s in httpx.get(f"{ingest}/open311/v2/requests/{request_id}.json").json()
                if s["status"] == "closed"
            ],
            timeout=30,
            what="the Open311 request to show the council's resolution",
        )
    finally:
        httpx.post(scenario, json={"mode": "silent"})
    assert closed[0]["service_request_id"] == request_id
    assert closed[0]["agency_responsible"] == "Monmouthshire County Council"
    assert closed[0]["status_notes"]
