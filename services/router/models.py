"""The router's table: each report's reference and the bodies it went to."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel


class StoredRouting(SQLModel, table=True):
    __tablename__ = "router_routing"

    report_id: str = Field(primary_key=True)
    reference: str = Field(unique=True)
    routing: dict = Field(sa_column=Column(JSON, nullable=False))
    routed_at: datetime = Field(default_factory=lambda: datetime.now(UTC))


class BodyAssignment(SQLModel, table=True):
    """Where a report stands with one responsible body: what its department key can see."""

    __tablename__ = "router_assignment"

    report_id: str = Field(primary_key=True)
    body_id: str = Field(primary_key=True, index=True)
    reference: str = Field(index=True)
    status: str = Field(default="open", description="open|acknowledged|resolved|handed_back")
    assigned_at: datetime = Field(default_factory=lambda: datetime.now(UTC))
    updated_at: datetime = Field(default_factory=lambda: datetime.now(UTC))


class OutboundDelivery(SQLModel, table=True):
    """One delivery to a body's system; its id is the webhook-id a receiver deduplicates by."""

    __tablename__ = "router_delivery"

    delivery_id: str = Field(primary_key=True)
    report_id: str = Field(index=True)
    reference: str
    body_id: str
    kind: str = Field(default="report", description="report|reminder|escalation")
    payload: dict = Field(sa_column=Column(JSON, nullable=False))
    status: str = Field(default="pending", index=True, description="pending|delivered|failed")
    attempts: int = 0
    created_at: datetime
    next_attempt_at: datetime = Field(index=True)
    last_error: str | None = None
    external_id: str | None = None
    finished_at: datetime | None = None


class TimelineEntry(SQLModel, table=True):
    """What the citizen's status page shows, already in public words."""

    __tablename__ = "router_timeline"

    entry_id: str = Field(primary_key=True, description="Derived from what caused it: no twins.")
    report_id: str = Field(index=True)
    at: datetime
    kind: str
    body_id: str | None = None
    text: str


class DepartmentKey(SQLModel, table=True):
    """A department API key, stored only as its SHA-256."""

    __tablename__ = "router_department_key"

    key_hash: str = Field(primary_key=True)
    body_id: str = Field(index=True)
    label: str = ""
    created_at: datetime = Field(default_factory=lambda: datetime.now(UTC))
    revoked_at: datetime | None = None
