"""Router use case: pick the responsible bodies and give the report its reference."""

from __future__ import annotations

from typing import Protocol

from services.router.reference import reference_for
from services.router.repository import ReferenceCollision, RoutingRepository
from shared.events.classified import Classification, ReportClassified
from shared.events.routed import ReportRouted, Routing
from triage.engine import RouteDecision


class Router(Protocol):
    def route(self, classification: Classification) -> RouteDecision: ...


async def route_report(
    event: ReportClassified, *, router: Router, repository: RoutingRepository
) -> list[ReportRouted]:
    """Route a classified report once; a redelivery re-emits the stored routing."""
    classification = event.payload
    report_id = event.correlation_id
    routing = await repository.get(report_id)
    if routing is None:
        decision = router.route(classification)
        for salt in range(5):
            candidate = Routing(
                report_id=report_id,
                reference=reference_for(report_id, salt=salt),
                classification=classification,
                bodies=decision.bodies,
                needs_location=decision.needs_location,
            )
            try:
                routing = await repository.add(candidate)
                break
            except ReferenceCollision:
                continue
        else:
            raise ReferenceCollision(f"no free reference for report {report_id}")
    return [ReportRouted.create(routing, correlation_id=report_id, cause=event)]
