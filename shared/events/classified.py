"""reports.classified.v1: what a mention is, how urgent, and where."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from shared.events.envelope import Event, Payload
from shared.events.mention import Mention

Urgency = Literal["emergency", "high", "normal", "low"]
LocationSource = Literal["geo", "postcode", "place", "road", "facility", "account"]


class Location(Payload):
    lat: float
    lon: float
    source: LocationSource
    place: str | None = None


class Evidence(Payload):
    """Why the classifier decided what it did, for a person to check."""

    kind: str = Field(examples=["keyword", "postcode", "account", "model"])
    value: str = Field(examples=["pothole", "NP7 5AB"])
    detail: str | None = None


class Classification(Payload):
    report_id: str
    mention: Mention
    is_report: bool
    category: str | None = Field(default=None, examples=["road_defect"])
    secondary_categories: list[str] = Field(default_factory=list)
    urgency: Urgency = "low"
    location: Location | None = None
    area: str | None = Field(default=None, examples=["monmouthshire", "out-of-area"])
    road: str | None = None
    facility_body: str | None = None
    evidence: list[Evidence] = Field(default_factory=list)
    classifier: str = Field(default="unknown", description="Name and version of the model.")


class ReportClassified(Event[Classification]):
    topic = "reports.classified.v1"
    type_name = "ReportClassified"
