"""Standard Webhooks signing: webhook-id, webhook-timestamp, webhook-signature over the body."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from pydantic import SecretStr
from standardwebhooks.webhooks import Webhook


def encode(payload: dict[str, Any]) -> str:
    """The exact body that is signed and sent: compact JSON."""
    return json.dumps(payload, separators=(",", ":"), default=str)


def signed_headers(
    secret: SecretStr, *, msg_id: str, body: str, now: datetime | None = None
) -> dict[str, str]:
    """Headers for one attempt: the id is the caller's (stable), the timestamp is now."""
    # The timestamp is per attempt: receivers refuse old ones, so a retry must be fresh.
    at = (now or datetime.now(UTC)).astimezone(UTC)
    return {
        "webhook-id": msg_id,
        "webhook-timestamp": str(int(at.timestamp())),
        # The library reads the datetime as UTC wall time, so hand it a UTC one.
        "webhook-signature": Webhook(secret.get_secret_value()).sign(msg_id, at, body),
        "content-type": "application/json",
    }
