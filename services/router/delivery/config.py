"""How each body's departmental system is reached (HEARD_DEPARTMENTS, keyed by body id)."""

from __future__ import annotations

import base64
import binascii
from typing import Literal

from pydantic import BaseModel, Field, SecretStr, model_validator


class DepartmentEndpoint(BaseModel):
    """One body's departmental system: a signed webhook or an Open311 GeoReport v2 endpoint."""

    method: Literal["webhook", "open311"] = "webhook"
    url: str = Field(
        description="Webhook URL, or the Open311 base URL (requests.json is appended).",
        examples=["https://roads.example.gov.uk/heard/webhook"],
    )
    secret: SecretStr = Field(
        default=SecretStr(""),
        description="Standard Webhooks secret, whsec_<base64>; signs webhooks and escalations.",
    )
    open311_api_key: SecretStr | None = None
    open311_jurisdiction_id: str | None = None
    open311_service_codes: dict[str, str] = Field(
        default_factory=dict,
        description="Heard category -> the body's service_code (default: the category itself).",
    )
    deadline_s: float = Field(
        default=3600, gt=0, description="Keep retrying this long, then fail and escalate."
    )
    timeout_s: float = Field(default=10.0, gt=0, description="Per-attempt HTTP timeout.")
    duty_contact_url: str | None = Field(
        default=None, description="Where escalations to the duty contact go (same signing)."
    )

    @model_validator(mode="after")
    def _signing_secret_when_needed(self) -> DepartmentEndpoint:
        # A bad secret would only surface at the first delivery, hours later: refuse it now.
        secret = self.secret.get_secret_value()
        needed = self.method == "webhook" or bool(self.duty_contact_url) or bool(secret)
        if needed and not _valid_secret(secret):
            raise ValueError("secret must be a Standard Webhooks secret: whsec_<base64>")
        return self

    def service_code(self, category: str) -> str:
        """The body's Open311 service_code for a Heard category."""
        return self.open311_service_codes.get(category, category)


def _valid_secret(secret: str) -> bool:
    if not secret.startswith("whsec_"):
        return False
    try:
        return len(base64.b64decode(secret.removeprefix("whsec_") + "==")) > 0
    except (binascii.Error, ValueError):
        return False


DepartmentsSettings = dict[str, DepartmentEndpoint]
