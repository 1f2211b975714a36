"""The bodies' receiving endpoints: Standard Webhooks (report and duty contact) and Open311."""

from __future__ import annotations

import binascii
import re
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from fakes.department.actor import Actor
from fakes.department.state import Department

_REFERENCE = re.compile(r"Heard reference:?\s*([A-Z0-9][A-Z0-9-]+)")
# What a system under maintenance says; Heard must wait at least this long.
DOWN_RETRY_AFTER = "1"


def receiving_router() -> APIRouter:
    router = APIRouter()

    @router.post("/hooks/{body_id}")
    async def hook(body_id: str, request: Request) -> JSONResponse:
        """The department's webhook: verify, deduplicate by webhook-id, record, act."""
        return await _webhook(request, body_id, channel="hook")

    @router.post("/hooks/{body_id}/duty")
    async def duty(body_id: str, request: Request) -> JSONResponse:
        """The duty contact's inbox: verified and recorded; a person reads it, nothing acts."""
        return await _webhook(request, body_id, channel="duty")

    @router.post("/open311/{body_id}/requests.json")
    async def open311_request(body_id: str, request: Request) -> JSONResponse:
        """An Open311 GeoReport v2 receiver: one service request per POST."""
        return await _open311(request, body_id)

    return router


def _parts(request: Request) -> tuple[Department, Actor]:
    return request.app.state.department, request.app.state.actor


def _down() -> JSONResponse:
    return JSONResponse(
        {"reason": "down for maintenance"}, 503, headers={"Retry-After": DOWN_RETRY_AFTER}
    )


async def _webhook(request: Request, body_id: str, *, channel: str) -> JSONResponse:
    department, actor = _parts(request)
    body = department.config.bodies.get(body_id)
    if body is None:
        return JSONResponse({"reason": f"no body {body_id} here"}, 404)
    if department.mode(body_id) == "down":
        department.refuse(body_id)
        return _down()
    raw = await request.body()
    webhook_id = request.headers.get("webhook-id")
    try:
        payload = Webhook(body.secret).verify(raw, dict(request.headers))
    except (WebhookVerificationError, binascii.Error, ValueError) as error:
        # Recorded too, so a test (or a person) can see what was refused and why.
        reason = f"invalid signature: {error}"
        department.record(
            body_id, channel=channel, verified=False, webhook_id=webhook_id, reason=reason
        )
        return JSONResponse({"reason": reason}, 401)
    assert webhook_id is not None  # verify() refuses a missing webhook-id
    if department.duplicate_of(body_id, webhook_id) is not None:
        # A redelivery: say yes again so the sender stops, but never act on it twice.
        return JSONResponse({"received": True, "duplicate": True, "webhook_id": webhook_id})
    if not isinstance(payload, dict):
        payload = {"value": payload}
    department.record(
        body_id, channel=channel, verified=True, webhook_id=webhook_id, payload=payload
    )
    if channel == "hook":
        actor.start(body_id, payload.get("reference"))
    return JSONResponse({"received": True, "duplicate": False, "webhook_id": webhook_id})


def _open311_error(code: int, description: str) -> JSONResponse:
    return JSONResponse([{"code": code, "description": description}], code)


async def _open311(request: Request, body_id: str) -> JSONResponse:
    department, actor = _parts(request)
    body = department.config.bodies.get(body_id)
    if body is None:
        return _open311_error(404, f"no jurisdiction {body_id}")
    if department.mode(body_id) == "down":
        department.refuse(body_id)
        return JSONResponse(
            [{"code": 503, "description": "down for maintenance"}],
            503,
            headers={"Retry-After": DOWN_RETRY_AFTER},
        )
    form: dict[str, Any] = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
    api_key = form.pop("api_key", None)
    if body.open311_api_key is not None and api_key != body.open311_api_key:
        department.record(body_id, channel="open311", verified=False, reason="invalid api_key")
        return _open311_error(403, "Invalid api_key")
    if not form.get("service_code"):
        return _open311_error(400, "service_code is required")
    located = (form.get("lat") and form.get("long")) or form.get("address_string")
    if not located and not form.get("address_id"):
        return _open311_error(400, "lat/long, address_string or address_id is required")
    department.open311_requests += 1
    request_id = f"{body_id}-{department.open311_requests}"
    reference = form.get("attribute[heard_reference]") or _reference_in(form.get("description"))
    form["api_key_given"] = api_key is not None
    department.record(
        body_id,
        channel="open311",
        verified=True,
        payload={"type": "open311.request", "form": form},
        reference=reference,
        external_id=request_id,
    )
    actor.start(body_id, reference)
    answer = [{"service_request_id": request_id, "service_notice": "", "account_id": None}]
    return JSONResponse(answer, 201)


def _reference_in(description: str | None) -> str | None:
    match = _REFERENCE.search(description or "")
    return match.group(1) if match else None
