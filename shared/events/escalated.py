"""reports.escalated.v1: a body let a deadline pass; the next rung of the ladder is due."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field

from shared.events.envelope import Event, Payload

EscalationLevel = Literal["reminder", "duty_contact", "holding_reply"]


class Escalation(Payload):
    report_id: str
    reference: str
    body_id: str
    level: EscalationLevel = Field(
        description="reminder: to the department; duty_contact: to the body's duty escalation "
        "contact; holding_reply: the citizen is told it is taking longer."
    )
    deadline: datetime = Field(description="The deadline that was missed.")
    at: datetime


class ReportEscalated(Event[Escalation]):
    topic = "reports.escalated.v1"
    type_name = "ReportEscalated"
