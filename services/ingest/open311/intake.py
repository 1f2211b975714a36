"""Take one service request: validate it, keep its photo and record, hand a Mention to ingest.

Contact details (email, phone, last name) never enter the Mention, the public record or the
logs; they are kept apart for updates. The description is stripped of them too, because
GET requests/{id} publishes it.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from platforms.base import MentionSink
from services.ingest.open311.catalogue import Catalogue, Open311Service
from services.ingest.open311.photos import Photo, PhotoStore
from services.ingest.open311.records import (
    Channel,
    RequestRecord,
    RequestStore,
    new_request_id,
)
from shared.events.mention import Author, GeoPoint, Media, Mention
from shared.logging import redact

log = logging.getLogger(__name__)
MAX_DESCRIPTION = 4000


class IntakeError(Exception):
    """A request Heard cannot take: the HTTP status and a plain-English reason."""

    def __init__(self, status: int, description: str, *, field: str | None = None) -> None:
        super().__init__(description)
        self.status, self.description, self.field = status, description, field
        # What the citizen had typed, when known, so a form can be shown again refilled.
        self.submission: Submission | None = None


class DuplicateRequest(IntakeError):
    """The same submission arrived moments ago; `existing` is the id it was given then."""

    def __init__(self, existing: str) -> None:
        super().__init__(400, f"Duplicate of service request {existing}, received moments ago.")
        self.existing = existing


@dataclass(frozen=True)
class Submission:
    """A request as the citizen sent it (form strings, already trimmed) and its checked photo."""

    service_code: str = ""
    description: str = ""
    lat: str = ""
    long: str = ""
    address_string: str = ""
    address_id: str = ""
    media_url: str = ""
    account_id: str = ""
    device_id: str = ""
    first_name: str = ""
    last_name: str = ""
    email: str = field(default="", repr=False)
    phone: str = field(default="", repr=False)
    photo: Photo | None = field(default=None, repr=False)


@dataclass(frozen=True)
class Intake:
    """The use case, with what it needs passed in."""

    sink: MentionSink
    catalogue: Catalogue
    photos: PhotoStore
    records: RequestStore
    public_base_url: str
    duplicate_window: timedelta = timedelta(minutes=10)

    async def submit(
        self, submission: Submission, *, channel: Channel = "open311"
    ) -> RequestRecord:
        """Validate, store and publish a request; returns its record (raises IntakeError)."""
        service = self._service(submission.service_code)
        if len(submission.description) > MAX_DESCRIPTION:
            raise IntakeError(
                400, "description is longer than 4000 characters.", field="description"
            )
        description = _scrub(submission.description, submission.email, submission.phone)
        geo = _explicit_geo(submission.lat, submission.long)
        if geo is None and submission.photo is not None:
            geo = submission.photo.gps
        if geo is None and not (submission.address_string or submission.address_id):
            raise IntakeError(
                400,
                "A location is required: lat and long, address_string, or a photo taken "
                "with its location (GPS) switched on.",
                field="location",
            )
        _check_media_url(submission.media_url)
        fingerprint = _fingerprint(submission)
        existing = await self.records.recent(fingerprint, self.duplicate_window)
        if existing is not None:
            raise DuplicateRequest(existing)
        return await self._take(submission, service, description, geo, channel, fingerprint)

    async def _take(
        self,
        submission: Submission,
        service: Open311Service,
        description: str,
        geo: GeoPoint | None,
        channel: Channel,
        fingerprint: str,
    ) -> RequestRecord:
        request_id = new_request_id()
        photo_name = await self.photos.save(submission.photo) if submission.photo else None
        media = []
        if photo_name is not None and submission.photo is not None:
            url = f"{self.public_base_url.rstrip('/')}/open311/media/{photo_name}"
            media.append(Media(url=url, content_type=submission.photo.content_type))
        elif submission.media_url:
            media.append(Media(url=submission.media_url))
        now = datetime.now(UTC)
        record = RequestRecord(
            service_request_id=request_id,
            service_code=service.service_code,
            service_name=service.service_name,
            description=description,
            requested_datetime=now,
            address=submission.address_string or None,
            address_id=submission.address_id or None,
            lat=geo.lat if geo else None,
            long=geo.lon if geo else None,
            media_url=media[0].url if media else None,
            channel=channel,
        )
        # Record first, then publish: a request the citizen is told about can always be looked up.
        await self.records.save(record)
        contact = {
            key: value
            for key, value in (
                ("email", submission.email),
                ("phone", submission.phone),
                ("first_name", submission.first_name),
                ("last_name", submission.last_name),
            )
            if value
        }
        if submission.email or submission.phone:
            await self.records.save_contact(request_id, contact)
        mention = _mention(record, submission, media, now)
        try:
            await self.sink([mention], "open311")
        except Exception as error:
            await self.records.delete(request_id)
            if photo_name is not None:
                await self.photos.delete(photo_name)
            log.exception("open311 request %s could not be handed to ingest", request_id)
            raise IntakeError(
                503, "Heard could not take the request just now; please try again shortly."
            ) from error
        await self.records.remember(fingerprint, request_id)
        log.info(
            "open311 request %s for %s via %s (geo=%s, photo=%s)",
            request_id,
            service.service_code,
            channel,
            geo is not None,
            photo_name is not None,
        )
        return record

    def _service(self, code: str) -> Open311Service:
        if not code:
            raise IntakeError(400, "service_code was not provided.", field="service_code")
        service = self.catalogue.get(code)
        if service is None:
            # GeoReport v2 lists 404 for a service_code that was not found.
            raise IntakeError(
                404, f"service_code {code[:64]!r} was not found.", field="service_code"
            )
        return service


def _mention(
    record: RequestRecord, submission: Submission, media: list[Media], now: datetime
) -> Mention:
    text = f"[{record.service_name}]"
    if record.description:
        text += f" {record.description}"
    if record.address:
        text += f" at {record.address}"
    geo = (
        None
        if record.lat is None or record.long is None
        else GeoPoint(lat=record.lat, lon=record.long)
    )
    return Mention(
        platform="open311",
        id=record.service_request_id,
        author=Author(
            id=submission.account_id or submission.device_id or "anonymous",
            handle=submission.first_name or "citizen",
        ),
        text=text,
        created_at=now,
        geo=geo,
        media=media,
    )


def _explicit_geo(lat: str, long: str) -> GeoPoint | None:
    if not lat and not long:
        return None
    if not (lat and long):
        raise IntakeError(400, "lat and long must be sent together.", field="location")
    try:
        point = float(lat), float(long)
    except ValueError:
        raise IntakeError(400, "lat and long must be numbers.", field="location") from None
    if not all(math.isfinite(value) for value in point) or not (
        -90 <= point[0] <= 90 and -180 <= point[1] <= 180
    ):
        raise IntakeError(
            400, "lat and long are not a position on Earth (WGS84).", field="location"
        )
    return GeoPoint(lat=point[0], lon=point[1])


def _check_media_url(url: str) -> None:
    if url and (len(url) > 2048 or not re.match(r"(?i)^https?://[^\s/]+", url)):
        raise IntakeError(400, "media_url must be an http(s) URL.", field="media_url")


def _scrub(description: str, email: str, phone: str) -> str:
    """Remove the citizen's own contact details (and any others) from the free text."""
    text = description.replace("\r\n", "\n")
    if email:
        text = re.sub(re.escape(email), "[email]", text, flags=re.IGNORECASE)
    digits = re.sub(r"\D", "", phone)
    if len(digits) >= 6:
        text = re.sub(r"[\s().-]*".join(digits), "[phone]", text)
    return redact(text)


def _fingerprint(submission: Submission) -> str:
    """The same form sent twice (a double tap, a retry) has the same fingerprint."""
    photo = hashlib.sha256(submission.photo.data).hexdigest() if submission.photo else ""
    parts = [
        submission.service_code,
        submission.description.strip(),
        submission.lat,
        submission.long,
        submission.address_string,
        submission.address_id,
        submission.media_url,
        submission.account_id,
        submission.device_id,
        photo,
    ]
    return hashlib.sha256(json.dumps(parts).encode()).hexdigest()
