"""The fake department's configuration: per body a secret, an API key and a scenario."""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Mode = Literal["responsive", "silent", "down", "hand_back"]
CONFIG_ENV = "HEARD_FAKE_DEPARTMENT_CONFIG"


class Scenario(BaseModel):
    """How a body's system behaves; each delay counts from the report's arrival."""

    # Typos in a demo config should fail loudly, not quietly become "responsive".
    model_config = ConfigDict(extra="forbid")

    mode: Mode = "responsive"
    ack_after_s: float | None = 0.5
    ack_message: str | None = None
    update_after_s: float | None = 1.0
    update_message: str = "A crew is booked for Thursday."
    resolve_after_s: float | None = 2.0
    resolve_message: str = "Fixed this morning. Thanks for letting us know."
    hand_back_after_s: float = 0.2
    hand_back_reason: str = "This is not ours: that road is looked after by someone else."
    suggested_body: str | None = None
    down_until: datetime | None = Field(
        default=None, description="mode=down: answer 503 until then (unset: until changed)."
    )
    down_for_s: float | None = Field(
        default=None, description="mode=down: as down_until, counted from when this is applied."
    )
    then: Literal["responsive", "silent", "hand_back"] = Field(
        default="responsive", description="mode=down: how to behave once back up."
    )


class BodyConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    secret: str = Field(description="The body's Standard Webhooks secret, whsec_<base64>.")
    api_key: str = Field(description="The body's key for Heard's Department API.")
    heard_api_url: str | None = Field(
        default=None, description="The router's base URL (default: the top-level one)."
    )
    open311_api_key: str | None = Field(
        default=None, description="If set, Open311 requests must carry it."
    )
    scenario: Scenario = Field(default_factory=Scenario)


class DepartmentFakeConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    heard_api_url: str = "http://127.0.0.1:8003"
    bodies: dict[str, BodyConfig] = Field(default_factory=dict)
    action_attempts: int = Field(default=5, ge=1, description="Tries per Department API call.")
    action_retry_s: float = Field(default=0.5, ge=0, description="Wait between those tries.")

    def api_url(self, body_id: str) -> str:
        """Heard's base URL as this body knows it."""
        return (self.bodies[body_id].heard_api_url or self.heard_api_url).rstrip("/")


def load_config(source: str | None = None) -> DepartmentFakeConfig:
    """From a JSON file path or inline JSON; default: $HEARD_FAKE_DEPARTMENT_CONFIG."""
    source = source or os.environ.get(CONFIG_ENV)
    if not source:
        raise SystemExit(f"give --config FILE or set {CONFIG_ENV} (a path or JSON)")
    text = source if source.lstrip().startswith("{") else Path(source).read_text()
    return DepartmentFakeConfig.model_validate(json.loads(text))
