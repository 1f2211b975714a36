"""Triage: from a Mention to a Classification (what, how urgent, where) and to the bodies."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from shared.events.classified import Classification, Evidence
from shared.events.mention import Mention
from shared.events.routed import ResponsibleBody
from triage.directory import Directory
from triage.location import Locator
from triage.model import Prediction, TextModel
from triage.routing import RouteContext, Router
from triage.schema import OUT_OF_AREA


@dataclass(frozen=True)
class RouteDecision:
    """Who gets the report (sorted by id, each with the rule that chose it), or ask where."""

    bodies: list[ResponsibleBody] = field(default_factory=list)
    needs_location: bool = False


class Triage:
    """The classifier's and router's shared brain: directory, locator, text model and rules."""

    def __init__(self, directory: Directory, model: TextModel | None = None) -> None:
        self.directory = directory
        self.model = model if model is not None else TextModel.load()
        self.locator = Locator(directory)
        self.router = Router(directory)
        # The same inputs always route the same way; keep the answers (bounded).
        self._routes: dict[tuple, list[ResponsibleBody]] = {}

    def assess(self, mention: Mention, *, report_id: str) -> Classification:
        """Classify one mention and locate it."""
        return self.assess_many([mention], report_ids=[report_id])[0]

    def assess_many(
        self, mentions: Sequence[Mention], *, report_ids: Sequence[str]
    ) -> list[Classification]:
        """Classify a batch (one model call for all of them)."""
        predictions = self.model.predict([m.text for m in mentions])
        return [
            self._classification(m, rid, p)
            for m, rid, p in zip(mentions, report_ids, predictions, strict=True)
        ]

    def _classification(self, mention: Mention, report_id: str, p: Prediction) -> Classification:
        located = self.locator.locate(mention)
        evidence: list[Evidence] = []
        if p.is_report:
            detail = (
                f"p={p.confidence:.2f}; urgency {p.urgency} (p_emergency={p.emergency_score:.2f})"
            )
            if p.risk_cues:
                detail += f"; emergency by risk words ({', '.join(p.risk_cues)})"
            if p.secondary:
                detail += f"; also {', '.join(p.secondary)}"
            evidence.append(Evidence.model_construct(kind="model", value=p.category, detail=detail))
            if p.words:
                evidence.append(
                    Evidence.model_construct(
                        kind="words",
                        value=", ".join(p.words),
                        detail=f"pushed towards {p.category}",
                    )
                )
        else:
            evidence.append(
                Evidence.model_construct(
                    kind="model", value="not a report", detail=f"p={p.confidence:.2f}"
                )
            )
        evidence.extend(located.evidence)
        # Built from values this code produced: construct without re-validating (hot path).
        return Classification.model_construct(
            report_id=report_id,
            mention=mention,
            is_report=p.is_report,
            category=p.category,
            secondary_categories=p.secondary,
            urgency=p.urgency if p.is_report else "low",
            location=located.location,
            area=located.area,
            road=located.road.id if located.road else None,
            facility_body=located.facility.body if located.facility else None,
            evidence=evidence,
            classifier=self.model.name,
        )

    def route(self, classification: Classification) -> RouteDecision:
        """Apply the responsibility table to a classification."""
        c = classification
        if not c.is_report or c.category is None:
            return RouteDecision()
        if c.area is None:
            return RouteDecision(needs_location=True)
        if c.area == OUT_OF_AREA or c.area not in self.directory.areas:
            return RouteDecision()
        addressed = tuple(self.locator.addressed_bodies(c.mention))
        key = (
            c.category,
            tuple(c.secondary_categories),
            c.area,
            c.road,
            c.facility_body,
            tuple(b.id for b in addressed),
        )
        bodies = self._routes.get(key)
        if bodies is None:
            ctx = RouteContext(
                area=c.area,
                road=self.directory.roads.get(c.road) if c.road else None,
                facility_body=c.facility_body,
                addressed=addressed,
            )
            bodies = self.router.bodies(c.category, c.secondary_categories, ctx)
            if len(self._routes) > 50_000:
                self._routes.clear()
            self._routes[key] = bodies
        return RouteDecision(bodies=list(bodies))

    @staticmethod
    def contract_output(classification: Classification, decision: RouteDecision) -> dict:
        """Exactly the contract's section 2 object."""
        c = classification
        location: dict[str, object] | None = None
        if c.location is not None:
            location = {"lat": c.location.lat, "lon": c.location.lon, "source": c.location.source}
            if c.location.place is not None:
                location["place"] = c.location.place
        return {
            "mention_id": c.mention.id,
            "is_report": c.is_report,
            "category": c.category if c.is_report else None,
            "urgency": c.urgency if c.is_report else "low",
            "location": location,
            "area": c.area,
            "bodies": sorted(b.id for b in decision.bodies),
            "needs_location": decision.needs_location,
        }
