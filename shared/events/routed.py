"""reports.routed.v1: which bodies are responsible, under which reference."""

from __future__ import annotations

from pydantic import Field

from shared.events.classified import Classification
from shared.events.envelope import Event, Payload


class ResponsibleBody(Payload):
    id: str = Field(examples=["monmouthshire-cc"])
    name: str = Field(examples=["Monmouthshire County Council"])
    rule: str = Field(description="The responsibility rule that chose this body.")


class Routing(Payload):
    report_id: str
    reference: str = Field(description="Citizen-facing reference.", examples=["HRD-7K3M-Q2"])
    classification: Classification
    bodies: list[ResponsibleBody] = Field(default_factory=list)
    needs_location: bool = False
    revision: int = Field(default=1, description="2+ when re-routed after a hand-back.")
    handed_back_by: list[str] = Field(
        default_factory=list, description="Bodies that handed the report back, excluded now."
    )


class ReportRouted(Event[Routing]):
    topic = "reports.routed.v1"
    type_name = "ReportRouted"
