"""The envelope every Heard event travels in: ids for tracing causality, a typed payload."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import ClassVar, Generic, Self, TypeVar

from pydantic import BaseModel, ConfigDict, Field

# Fixed namespace so ids derived from the same inputs are the same on every machine,
# so re-handling a redelivered record yields an event with the same id (dedup downstream).
HEARD_NAMESPACE = uuid.UUID("6f1c1d2e-6b5a-4c1e-9a51-4b1f8f3c2d10")


def derived_id(*parts: str) -> str:
    """A stable id from its inputs, so a redelivery yields the same id."""
    return str(uuid.uuid5(HEARD_NAMESPACE, "\x1f".join(parts)))


def report_id_for(platform: str, platform_id: str) -> str:
    """The aggregate id of the report a platform post becomes."""
    return derived_id("report", platform, platform_id)


class Payload(BaseModel):
    """Base for event payloads: immutable, unknown fields ignored (additive evolution)."""

    model_config = ConfigDict(frozen=True, extra="ignore")


P = TypeVar("P", bound=Payload)


class Event(BaseModel, Generic[P]):
    """Envelope: who, when, why, and the payload. Subclasses fix the topic and type."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    topic: ClassVar[str]
    type_name: ClassVar[str]
    version: ClassVar[int] = 1

    event_id: str = Field(description="Unique id of this event; stable across redelivery.")
    event_type: str = Field(description="Name of the event, e.g. MentionReceived.")
    schema_version: int = Field(default=1, description="Major version; matches the topic suffix.")
    occurred_at: datetime = Field(description="When the fact happened (UTC).")
    correlation_id: str = Field(description="The report id: ties every event of one report.")
    causation_id: str | None = Field(
        default=None, description="event_id of the event that caused this one."
    )
    payload: P

    @classmethod
    def create(
        cls,
        payload: P,
        *,
        correlation_id: str,
        cause: Event | None = None,
        discriminator: str | None = None,
    ) -> Self:
        """Build an event whose id derives from its cause (or its report and a discriminator,
        for facts with no event behind them), so re-handling repeats it exactly."""
        root = cause.event_id if cause is not None else correlation_id
        parts = (cls.type_name, root) + ((discriminator,) if discriminator is not None else ())
        return cls(
            event_id=derived_id(*parts),
            event_type=cls.type_name,
            schema_version=cls.version,
            occurred_at=datetime.now(UTC),
            correlation_id=correlation_id,
            causation_id=cause.event_id if cause is not None else None,
            payload=payload,
        )

    @property
    def key(self) -> bytes:
        """Record key: the report id, so one report's events stay in order on one partition."""
        return self.correlation_id.encode()
