"""One delivery attempt over HTTP: a signed Standard Webhook or an Open311 service request."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import httpx

from services.router.delivery import open311
from services.router.delivery.config import DepartmentEndpoint
from services.router.delivery.signing import encode, signed_headers
from shared.logging import redact

# Worth another try: the receiver is busy, slow or briefly broken. Any other 4xx means our
# request or our configuration is wrong, and repeating it until the deadline only hides that.
RETRYABLE_STATUS = frozenset({408, 425, 429})
MAX_ERROR = 300


@dataclass(frozen=True)
class SendOutcome:
    """What one attempt came to; `error` never carries a secret."""

    ok: bool
    retryable: bool = False
    retry_after: float | None = None
    error: str | None = None
    external_id: str | None = None
    status_code: int | None = None


async def deliver(
    http: httpx.AsyncClient,
    endpoint: DepartmentEndpoint,
    *,
    delivery_id: str,
    payload: dict[str, Any],
    url: str | None = None,
) -> SendOutcome:
    """Send once; `url` overrides the target (the duty contact). Never raises for the receiver."""
    as_open311 = endpoint.method == "open311" and url is None
    if as_open311 and payload.get("type") != "report.routed":
        # GeoReport v2 cannot carry a reminder; it goes to the duty contact as a webhook.
        url = endpoint.duty_contact_url
        if not url:
            return SendOutcome(
                ok=False, error="Open311 cannot take reminders and no duty_contact_url is set"
            )
        as_open311 = False
    try:
        if as_open311:
            response = await http.post(
                open311.requests_url(endpoint),
                data=open311.request_form(endpoint, payload),
                headers={"accept": "application/json"},
                timeout=endpoint.timeout_s,
            )
        else:
            body = encode(payload)
            response = await http.post(
                url or endpoint.url,
                content=body.encode(),
                headers=signed_headers(endpoint.secret, msg_id=delivery_id, body=body),
                timeout=endpoint.timeout_s,
            )
    except httpx.TimeoutException as error:
        text = f"timed out: {type(error).__name__}"
        return SendOutcome(ok=False, retryable=True, error=_scrub(text, endpoint))
    except httpx.TransportError as error:
        text = f"{type(error).__name__}: {error}"
        return SendOutcome(ok=False, retryable=True, error=_scrub(text, endpoint))
    return _outcome(response, endpoint, open311_answer=as_open311)


def _outcome(
    response: httpx.Response, endpoint: DepartmentEndpoint, *, open311_answer: bool
) -> SendOutcome:
    code = response.status_code
    if 200 <= code < 300:
        external = open311.external_id(response) if open311_answer else None
        return SendOutcome(ok=True, status_code=code, external_id=external)
    retryable = code in RETRYABLE_STATUS or code >= 500
    reason = _reason(response, open311_answer=open311_answer)
    error = f"HTTP {code}" + (f": {reason}" if reason else "")
    return SendOutcome(
        ok=False,
        retryable=retryable,
        retry_after=retry_after_seconds(response.headers.get("retry-after")) if retryable else None,
        error=_scrub(error, endpoint),
        status_code=code,
    )


def retry_after_seconds(value: str | None, *, now: datetime | None = None) -> float | None:
    """Retry-After as delay-seconds or an HTTP date; None if absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)  # HTTP dates are GMT
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def _reason(response: httpx.Response, *, open311_answer: bool) -> str | None:
    if open311_answer:
        described = open311.error_description(response)
        if described:
            return described
    try:
        body = response.json()
    except ValueError:
        return response.reason_phrase or None
    if isinstance(body, dict):
        for key in ("reason", "detail", "error", "message"):
            if isinstance(body.get(key), str):
                return str(body[key])
    return response.reason_phrase or None


def _scrub(text: str, endpoint: DepartmentEndpoint) -> str:
    """Cut to length and mask the body's secrets, whatever a receiver echoed back."""
    for secret in (endpoint.secret, endpoint.open311_api_key):
        value = secret.get_secret_value() if secret is not None else ""
        if value:
            text = text.replace(value, "[secret]")
            # The webhook secret's base64 key alone is as sensitive as the whole thing.
            text = text.replace(value.removeprefix("whsec_"), "[secret]")
    return redact(text)[:MAX_ERROR]
