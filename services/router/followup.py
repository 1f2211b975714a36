"""What departments do with a report: acknowledge, update, resolve, hand back."""

from __future__ import annotations

import uuid

from services.router.context import RouterContext
from services.router.handlers import hand_to_bodies
from services.router.models import BodyAssignment, TimelineEntry
from shared.events.envelope import derived_id
from shared.events.routed import ReportRouted, ResponsibleBody, Routing
from shared.events.updated import ReportUpdated, Update, UpdateKind


async def act(
    ctx: RouterContext,
    assignment: BodyAssignment,
    kind: UpdateKind,
    *,
    message: str | None = None,
    idempotency_key: str | None = None,
) -> Update:
    """Record a department's action, show it on the timeline, and tell the notifier."""
    now = ctx.clock.now()
    # Acknowledge, resolve and hand back happen once per body; updates once per request key.
    once = idempotency_key or (uuid.uuid4().hex if kind == "update" else kind)
    update = Update(
        report_id=assignment.report_id,
        reference=assignment.reference,
        body_id=assignment.body_id,
        update_id=derived_id("update", assignment.report_id, assignment.body_id, once),
        kind=kind,
        message=message,
        at=now,
    )
    status = {
        "acknowledged": "acknowledged",
        "update": assignment.status,
        "resolved": "resolved",
        "handed_back": "handed_back",
    }[kind]
    if kind == "update" and status == "open":
        status = "acknowledged"  # an update implies someone has picked it up
    await ctx.assignments.set_status(assignment.report_id, assignment.body_id, status, now)
    await ctx.assignments.add_entry(
        TimelineEntry(
            entry_id=update.update_id,
            report_id=assignment.report_id,
            at=now,
            kind=kind,
            body_id=assignment.body_id,
            text=public_text(ctx.body_name(assignment.body_id), update),
        )
    )
    await ctx.publish(
        ReportUpdated.create(
            update, correlation_id=assignment.report_id, discriminator=update.update_id
        )
    )
    return update


def public_text(name: str, update: Update) -> str:
    """Plain words for the status page: the body's name and message, never a person's name."""
    if update.kind == "acknowledged":
        return f"{name} has picked this up."
    if update.kind == "update":
        return f"Update from {name}: {update.message}"
    if update.kind == "resolved":
        return f"{name} says this is sorted." + (f" {update.message}" if update.message else "")
    return f"{name} said this is not theirs to fix."


async def hand_back(
    ctx: RouterContext, assignment: BodyAssignment, *, reason: str, suggested_body: str | None
) -> Routing | None:
    """The body says it is not theirs: route again without it, and tell everyone."""
    await act(ctx, assignment, "handed_back", message=reason)
    routing = await ctx.routings.get(assignment.report_id)
    if routing is None or assignment.body_id in routing.handed_back_by:
        return routing
    excluded = [*routing.handed_back_by, assignment.body_id]
    current = {b.id for b in routing.bodies}
    remaining = [b for b in ctx.triage.route(routing.classification).bodies if b.id not in excluded]
    added = [b for b in remaining if b.id not in current]
    if not added:
        added = [
            b for b in _next_in_line(ctx, routing, excluded, suggested_body) if b.id not in current
        ]
    bodies = sorted([b for b in routing.bodies if b.id not in excluded] + added, key=lambda b: b.id)
    rerouted = routing.model_copy(
        update={
            "bodies": bodies,
            "revision": routing.revision + 1,
            "handed_back_by": excluded,
            "needs_location": False,
        }
    )
    await ctx.routings.replace(rerouted)
    await hand_to_bodies(rerouted, ctx=ctx)
    await ctx.publish(
        ReportRouted.create(
            rerouted,
            correlation_id=rerouted.report_id,
            discriminator=f"revision-{rerouted.revision}",
        )
    )
    return rerouted


def _next_in_line(
    ctx: RouterContext, routing: Routing, excluded: list[str], suggested: str | None
) -> list[ResponsibleBody]:
    """The body the department suggested, else the area's council: someone must own it."""
    directory = ctx.triage.directory
    if suggested and suggested in directory.bodies and suggested not in excluded:
        body = directory.body(suggested)
        return [ResponsibleBody(id=body.id, name=body.name, rule="suggested on hand-back")]
    area = routing.classification.area
    councils = [
        b
        for b in directory.bodies.values()
        if b.kind == "council" and b.area == area and b.id not in excluded
    ]
    return [
        ResponsibleBody(id=b.id, name=b.name, rule="area council after hand-back")
        for b in councils[:1]
    ]
