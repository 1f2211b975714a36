"""Decode a POSTed form (urlencoded or multipart with a `media` file) into a Submission."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from typing import Any

from fastapi import Request
from starlette.datastructures import UploadFile

from services.ingest.open311.intake import IntakeError, Submission
from services.ingest.open311.photos import MAX_PHOTO_BYTES, PhotoRejected, inspect_photo

_FIELDS = (
    "service_code",
    "description",
    "lat",
    "long",
    "address_string",
    "address_id",
    "media_url",
    "account_id",
    "device_id",
    "first_name",
    "last_name",
    "email",
    "phone",
)
# Room for the other fields and the multipart framing around a 10 MB photo.
_MAX_BODY = MAX_PHOTO_BYTES + 256 * 1024


async def read_submission(request: Request) -> Submission:
    """The submission in the request body; IntakeError(400) for a body Heard will not take."""
    length = request.headers.get("content-length", "")
    if length.isdigit() and int(length) > _MAX_BODY:
        raise IntakeError(400, "The photo is larger than 10 MB.", field="media")
    try:
        form = await request.form(max_files=1, max_fields=64)
    except Exception as error:  # malformed multipart, too many parts, missing boundary...
        raise IntakeError(400, "The form could not be read.") from error
    try:
        # Any: the names are Submission's str fields, which mypy cannot see through **.
        values: dict[str, Any] = {name: _text(form.get(name)) for name in _FIELDS}
        upload = form.get("media")
        photo = None
        if isinstance(upload, UploadFile):
            raw = await upload.read(MAX_PHOTO_BYTES + 1)
            # A browser sends an empty, unnamed part when no file was chosen.
            if raw or upload.filename:
                try:
                    photo = await asyncio.to_thread(inspect_photo, raw)
                except PhotoRejected as rejected:
                    problem = IntakeError(400, str(rejected), field="media")
                    problem.submission = replace(Submission(), **values)
                    raise problem from None
    finally:
        await form.close()
    return replace(Submission(photo=photo), **values)


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""
