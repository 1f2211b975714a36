"""The Department API: each body lists, acknowledges, updates, resolves or hands back reports."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from fastapi import APIRouter, Header, HTTPException
from pydantic import BaseModel, Field

from services.router.context import RouterContext
from services.router.deps import AssignmentDep, BodyDep, ContextDep
from services.router.followup import act, hand_back
from services.router.models import BodyAssignment


class ReportSummary(BaseModel):
    reference: str
    report_id: str
    category: str | None
    urgency: str
    area: str | None
    status: str
    received_at: datetime
    text: str
    location: dict[str, Any] | None
    links: dict[str, str]


class ReportDetail(ReportSummary):
    evidence: list[dict[str, Any]]
    media: list[dict[str, Any]]
    timeline: list[dict[str, Any]]


class Message(BaseModel):
    message: str = Field(min_length=1, max_length=2000, description="Words for the citizen.")


class OptionalMessage(BaseModel):
    message: str | None = Field(default=None, max_length=2000)


class HandBack(BaseModel):
    reason: str = Field(min_length=1, max_length=2000)
    suggested_body: str | None = None


class ActionResult(BaseModel):
    reference: str
    status: Literal["open", "acknowledged", "resolved", "handed_back"]
    update_id: str | None = None


router = APIRouter(prefix="/api/v1", tags=["department"])


async def _summary(ctx: RouterContext, a: BodyAssignment, detail: bool = False) -> dict[str, Any]:
    routing = await ctx.routings.get(a.report_id)
    if routing is None:
        raise HTTPException(404, f"no report {a.reference}")
    c = routing.classification
    base = f"{ctx.api_base_url}/api/v1/reports/{a.reference}"
    summary: dict[str, Any] = {
        "reference": a.reference,
        "report_id": a.report_id,
        "category": c.category,
        "urgency": c.urgency,
        "area": c.area,
        "status": a.status,
        "received_at": c.mention.created_at,
        "text": c.mention.text,
        "location": c.location.model_dump() if c.location else None,
        "links": {
            "self": base,
            "acknowledge": f"{base}/acknowledge",
            "updates": f"{base}/updates",
            "resolve": f"{base}/resolve",
            "hand_back": f"{base}/hand-back",
            "status_page": f"{ctx.status_base_url}/r/{a.reference}",
        },
    }
    if detail:
        summary["evidence"] = [e.model_dump() for e in c.evidence]
        summary["media"] = [m.model_dump() for m in c.mention.media]
        summary["timeline"] = [
            {"at": e.at, "kind": e.kind, "text": e.text}
            for e in await ctx.assignments.timeline(a.report_id)
        ]
    return summary


@router.get("/reports", response_model=list[ReportSummary], summary="Your body's reports")
async def list_reports(
    body_id: BodyDep, ctx: ContextDep, status: Literal["open", "all"] = "open"
) -> list[dict[str, Any]]:
    assignments = await ctx.assignments.list_for_body(body_id, open_only=status == "open")
    return [await _summary(ctx, a) for a in assignments]


@router.get("/reports/{reference}", response_model=ReportDetail, summary="One of your reports")
async def get_report(assignment: AssignmentDep, ctx: ContextDep) -> dict[str, Any]:
    return await _summary(ctx, assignment, detail=True)


def _closed(assignment: BodyAssignment) -> None:
    if assignment.status in ("resolved", "handed_back"):
        raise HTTPException(409, f"report {assignment.reference} is already {assignment.status}")


@router.post("/reports/{reference}/acknowledge", response_model=ActionResult)
async def acknowledge(
    assignment: AssignmentDep, ctx: ContextDep, body: OptionalMessage | None = None
) -> ActionResult:
    """Say you have picked it up; the citizen is told. Acknowledging twice changes nothing."""
    _closed(assignment)
    update = await act(ctx, assignment, "acknowledged", message=body.message if body else None)
    return ActionResult(
        reference=assignment.reference, status="acknowledged", update_id=update.update_id
    )


@router.post("/reports/{reference}/updates", response_model=ActionResult, status_code=201)
async def post_update(
    assignment: AssignmentDep,
    ctx: ContextDep,
    body: Message,
    idempotency_key: str | None = Header(default=None, max_length=200),
) -> ActionResult:
    """Post an update; its message is relayed to the citizen in their thread."""
    _closed(assignment)
    update = await act(
        ctx, assignment, "update", message=body.message, idempotency_key=idempotency_key
    )
    return ActionResult(
        reference=assignment.reference, status="acknowledged", update_id=update.update_id
    )


@router.post("/reports/{reference}/resolve", response_model=ActionResult)
async def resolve(
    assignment: AssignmentDep, ctx: ContextDep, body: OptionalMessage | None = None
) -> ActionResult:
    _closed(assignment)
    update = await act(ctx, assignment, "resolved", message=body.message if body else None)
    return ActionResult(
        reference=assignment.reference, status="resolved", update_id=update.update_id
    )


@router.post("/reports/{reference}/hand-back", response_model=ActionResult)
async def hand_back_report(
    assignment: AssignmentDep, ctx: ContextDep, body: HandBack
) -> ActionResult:
    """Not yours: Heard routes it again without you and tells the citizen."""
    _closed(assignment)
    await hand_back(ctx, assignment, reason=body.reason, suggested_body=body.suggested_body)
    return ActionResult(reference=assignment.reference, status="handed_back")
