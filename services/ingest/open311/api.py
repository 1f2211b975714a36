"""Open311 GeoReport v2 for citizens without social media, plus a plain web form.

GET  /open311/v2/services.{json,xml}             Heard's categories as realtime services
GET  /open311/v2/services/{code}.{json,xml}      their (empty) definitions; 404 when unknown
POST /open311/v2/requests.{json,xml}             urlencoded or multipart with a `media` photo
GET  /open311/v2/requests/{id}.{json,xml}        one request, as an array of one
GET  /open311/media/{file}                       stored photos
GET/POST /report                                 the HTML form (see web.py)
api_key is optional and not checked: anyone may report, as on the web form.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, Response

from platforms.base import MentionSink
from services.ingest.open311 import formats
from services.ingest.open311.catalogue import DEFAULT_SERVICES, Catalogue, Open311Service
from services.ingest.open311.forms import read_submission
from services.ingest.open311.intake import Intake, IntakeError
from services.ingest.open311.photos import PhotoStore
from services.ingest.open311.records import (
    RequestRecord,
    RequestStatus,
    RequestStore,
    StatusLookup,
)
from services.ingest.open311.web import create_web_router

SERVICE_NOTICE = (
    "Heard will pass this to the public body responsible. Keep the service_request_id: "
    "it is your reference."
)


def create_open311_router(
    *,
    sink: MentionSink,
    services: list[Open311Service] | None = None,
    media_dir: Path,
    public_base_url: str,
    status_lookup: StatusLookup | None = None,
    duplicate_window: timedelta = timedelta(minutes=10),
) -> APIRouter:
    """The Open311 endpoints, photo serving and the /report form, to mount at the root."""
    catalogue = Catalogue(services if services is not None else DEFAULT_SERVICES)
    photos, records = PhotoStore(media_dir), RequestStore(media_dir)
    intake = Intake(
        sink=sink,
        catalogue=catalogue,
        photos=photos,
        records=records,
        public_base_url=public_base_url,
        duplicate_window=duplicate_window,
    )
    router = APIRouter()

    @router.get("/open311/v2/services.{fmt}")
    async def list_services(fmt: str) -> Response:
        """Every category a citizen can report."""
        if fmt not in formats.FORMATS:
            return formats.error(404, f"format {fmt[:16]!r} is not supported.")
        body = [service.model_dump() for service in catalogue.services]
        return formats.answer(body, fmt, root="services")

    @router.get("/open311/v2/services/{service_code}.{fmt}")
    async def service_definition(service_code: str, fmt: str) -> Response:
        """A service's definition: no extra attributes, since metadata is false for all."""
        if fmt not in formats.FORMATS:
            return formats.error(404, f"format {fmt[:16]!r} is not supported.")
        if catalogue.get(service_code) is None:
            return formats.error(404, f"service_code {service_code[:64]!r} was not found.", fmt)
        body = {"service_code": service_code, "attributes": []}
        return formats.answer(body, fmt, root="service_definition")

    @router.post("/open311/v2/requests.{fmt}")
    async def create_request(fmt: str, request: Request) -> Response:
        """Take a service request; answers [{service_request_id, service_notice, account_id}]."""
        if fmt not in formats.FORMATS:
            return formats.error(404, f"format {fmt[:16]!r} is not supported.")
        try:
            record = await intake.submit(await read_submission(request))
        except IntakeError as problem:
            return formats.error(problem.status, problem.description, fmt)
        body = [
            {
                "service_request_id": record.service_request_id,
                "service_notice": SERVICE_NOTICE,
                "account_id": None,
            }
        ]
        return formats.answer(body, fmt, root="service_requests")

    @router.get("/open311/v2/requests/{service_request_id}.{fmt}")
    async def get_request(service_request_id: str, fmt: str) -> Response:
        """One request and its current status, as an array of one."""
        if fmt not in formats.FORMATS:
            return formats.error(404, f"format {fmt[:16]!r} is not supported.")
        record = await records.load(service_request_id)
        if record is None:
            return formats.error(
                404, f"service_request_id {service_request_id[:64]!r} was not found.", fmt
            )
        status = await status_lookup(service_request_id) if status_lookup else None
        return formats.answer([request_view(record, status)], fmt, root="service_requests")

    @router.get("/open311/media/{name}")
    async def media(name: str) -> Response:
        """A stored photo; only names Heard generated resolve, so no path can escape."""
        path = photos.path(name)
        if path is None:
            return formats.error(404, "No such photo.")
        return FileResponse(
            path,
            media_type=photos.content_type(name),
            headers={"X-Content-Type-Options": "nosniff", "Cache-Control": "public, max-age=86400"},
        )

    router.include_router(create_web_router(intake=intake, catalogue=catalogue))
    return router


def request_view(record: RequestRecord, status: RequestStatus | None) -> dict[str, Any]:
    """A GeoReport v2 service request from the intake record and the router's status."""
    status = status or RequestStatus()
    return {
        "service_request_id": record.service_request_id,
        "status": status.status,
        "status_notes": status.status_notes,
        "service_name": record.service_name,
        "service_code": record.service_code,
        "description": record.description,
        "agency_responsible": status.agency_responsible,
        "service_notice": status.service_notice,
        "requested_datetime": _w3c(record.requested_datetime),
        "updated_datetime": _w3c(status.updated_datetime or record.requested_datetime),
        "expected_datetime": _w3c(status.expected_datetime),
        "address": record.address,
        "address_id": record.address_id,
        "zipcode": None,
        "lat": record.lat,
        "long": record.long,
        "media_url": record.media_url,
    }


def _w3c(moment: datetime | None) -> str | None:
    """ISO 8601 with an offset, as the spec requires; a naive time is taken as UTC."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.isoformat(timespec="seconds")
