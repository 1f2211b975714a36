"""The classifier's table: one decision per report, so a redelivery repeats it exactly."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel


class StoredClassification(SQLModel, table=True):
    __tablename__ = "classifier_classification"

    report_id: str = Field(primary_key=True)
    mention_event_id: str
    classification: dict = Field(sa_column=Column(JSON, nullable=False))
    classified_at: datetime = Field(default_factory=lambda: datetime.now(UTC))
