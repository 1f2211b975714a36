"""reports.delivered.v1: a report (or a reminder about it) reached a body's system, or failed to."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field

from shared.events.envelope import Event, Payload


class Delivery(Payload):
    report_id: str
    reference: str
    body_id: str = Field(examples=["monmouthshire-cc"])
    delivery_id: str = Field(description="The webhook-id: the same on every redelivery.")
    kind: Literal["report", "reminder", "escalation"] = "report"
    method: Literal["webhook", "open311"] = "webhook"
    status: Literal["delivered", "failed"]
    attempts: int
    at: datetime
    error: str | None = Field(default=None, description="Why it failed (never a secret).")
    external_id: str | None = Field(
        default=None, description="The body's own id, e.g. an Open311 service_request_id."
    )


class ReportDelivered(Event[Delivery]):
    topic = "reports.delivered.v1"
    type_name = "ReportDelivered"
