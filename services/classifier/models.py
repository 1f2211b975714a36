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


class LocationQuestion(SQLModel, table=True):
    """A post of a report whose answer will say where it is: the citizen's or Heard's question."""

    __tablename__ = "classifier_location_question"

    platform: str = Field(primary_key=True)
    post_id: str = Field(primary_key=True)
    report_id: str = Field(index=True)
    answered_by: str | None = None
