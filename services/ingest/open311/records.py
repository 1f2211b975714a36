"""What intake remembers per service request: small JSON files under media_dir/requests/.

Files, not tables: the record is written once at intake and read back by GET requests/{id};
its live status comes from the router's StatusLookup when one is wired in.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import secrets
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Literal, Protocol

from pydantic import BaseModel, ConfigDict

_CROCKFORD = "0123456789abcdefghjkmnpqrstvwxyz"
_REQUEST_ID = re.compile(r"^o311-[0-9a-hjkmnp-tv-z]{26}$")
_FINGERPRINT = re.compile(r"^[0-9a-f]{64}$")
Channel = Literal["open311", "web"]


def new_request_id() -> str:
    """A ULID-shaped id (time-ordered, 80 random bits), prefixed "o311-"."""
    value = (time.time_ns() // 1_000_000) << 80 | secrets.randbits(80)
    return "o311-" + "".join(_CROCKFORD[(value >> shift) & 31] for shift in range(125, -1, -5))


class RequestRecord(BaseModel):
    """The public facts of one service request; never contact details."""

    model_config = ConfigDict(frozen=True)

    service_request_id: str
    service_code: str
    service_name: str
    description: str
    requested_datetime: datetime
    address: str | None = None
    address_id: str | None = None
    lat: float | None = None
    long: float | None = None
    media_url: str | None = None
    channel: Channel = "open311"


class RequestStatus(BaseModel):
    """What the router knows about a request's progress (issue 5 provides it)."""

    model_config = ConfigDict(frozen=True)

    status: Literal["open", "closed"] = "open"
    status_notes: str | None = None
    agency_responsible: str | None = None
    service_notice: str | None = None
    updated_datetime: datetime | None = None
    expected_datetime: datetime | None = None


class StatusLookup(Protocol):
    """Finds a request's current status by its service_request_id; None when unknown."""

    async def __call__(self, service_request_id: str) -> RequestStatus | None: ...


class RequestStore:
    """Request records, private contact details and recent-submission fingerprints on disk."""

    def __init__(self, media_dir: Path) -> None:
        self.root = media_dir / "requests"

    async def save(self, record: RequestRecord) -> None:
        """Write a request's public record."""
        path = self.root / f"{record.service_request_id}.json"
        await asyncio.to_thread(_write, path, record.model_dump_json(), 0o644)

    async def load(self, service_request_id: str) -> RequestRecord | None:
        """The record for an id intake issued, or None (including for any malformed id)."""
        if not _REQUEST_ID.fullmatch(service_request_id):
            return None
        text = await asyncio.to_thread(_read, self.root / f"{service_request_id}.json")
        return None if text is None else RequestRecord.model_validate_json(text)

    async def delete(self, service_request_id: str) -> None:
        """Forget a request whose intake failed before it was published."""
        for suffix in (".json", ".contact.json"):
            path = self.root / f"{service_request_id}{suffix}"
            await asyncio.to_thread(path.unlink, True)

    async def save_contact(self, service_request_id: str, contact: dict[str, str]) -> None:
        """Keep e-mail/phone for updates apart from the record and the event, owner-only."""
        path = self.root / f"{service_request_id}.contact.json"
        await asyncio.to_thread(_write, path, json.dumps(contact), 0o600)

    async def recent(self, fingerprint: str, window: timedelta) -> str | None:
        """The id of an identical submission made within `window`, if there was one."""
        if not _FINGERPRINT.fullmatch(fingerprint):
            return None
        text = await asyncio.to_thread(_read, self.root / "recent" / f"{fingerprint}.json")
        if text is None:
            return None
        seen = json.loads(text)
        return seen["id"] if time.time() - seen["at"] <= window.total_seconds() else None

    async def remember(self, fingerprint: str, service_request_id: str) -> None:
        """Note a submission so an identical one soon after is recognised as a repeat."""
        path = self.root / "recent" / f"{fingerprint}.json"
        body = json.dumps({"id": service_request_id, "at": time.time()})
        await asyncio.to_thread(_write, path, body, 0o644)


def _write(path: Path, text: str, mode: int) -> None:
    """Write atomically (temp file, then rename) so a reader never sees half a record."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write(text)
    os.replace(temporary, path)


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
