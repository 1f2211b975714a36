"""What the status page may show: a closed set of public fields, nothing else accepted."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from shared.events.classified import Urgency

Status = Literal[
    "received", "routed", "delivered", "acknowledged", "in progress", "resolved", "handed back"
]
EntryKind = Literal[
    "received",
    "routed",
    "delivered",
    "acknowledged",
    "update",
    "resolved",
    "handed_back",
    "escalated",
    "holding_reply",
]


class _Public(BaseModel):
    """Frozen, and unknown fields refused: a handle or an internal note cannot slip in."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class TimelineEntry(_Public):
    """One thing that happened, already in public words (no staff names, no notes)."""

    at: datetime = Field(description="When it happened; naive times are taken as UTC.")
    kind: EntryKind
    text: str = Field(examples=["Update from Monmouthshire County Council: A crew is booked."])

    @field_validator("at")
    @classmethod
    def _aware(cls, value: datetime) -> datetime:
        # SQLite hands back naive datetimes; every Heard time is stored in UTC.
        return value if value.tzinfo else value.replace(tzinfo=UTC)


class PublicTimeline(_Public):
    """Everything the citizen's status page shows about one report."""

    reference: str = Field(examples=["HRD-7K3M-Q2AB"])
    category: str = Field(examples=["road_defect"])
    urgency: Urgency = "normal"
    area: str | None = Field(default=None, examples=["monmouthshire"])
    place: str | None = Field(default=None, examples=["Frogmore Street, Abergavenny"])
    bodies: list[str] = Field(default_factory=list, examples=[["Monmouthshire County Council"]])
    status: Status = "received"
    entries: list[TimelineEntry] = Field(default_factory=list)
