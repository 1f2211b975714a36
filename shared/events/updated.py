"""reports.updated.v1: a responsible body acted on a report through the department API."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field

from shared.events.envelope import Event, Payload

UpdateKind = Literal["acknowledged", "update", "resolved", "handed_back"]


class Update(Payload):
    report_id: str
    reference: str
    body_id: str
    update_id: str = Field(description="Unique per action; relays are idempotent on it.")
    kind: UpdateKind
    message: str | None = Field(
        default=None, description="Words for the citizen, relayed in their thread."
    )
    at: datetime


class ReportUpdated(Event[Update]):
    topic = "reports.updated.v1"
    type_name = "ReportUpdated"
