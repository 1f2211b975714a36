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
