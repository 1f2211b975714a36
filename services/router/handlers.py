"""Router use cases: pick the responsible bodies, give the report its reference, queue delivery."""

from __future__ import annotations

from services.router.context import RouterContext
from services.router.delivery.payload import escalation_payload, reminder_payload, report_payload
from services.router.models import OutboundDelivery, TimelineEntry
from services.router.reference import reference_for
from services.router.repository import ReferenceCollision
from shared.events.classified import ReportClassified
from shared.events.envelope import derived_id
from shared.events.escalated import ReportEscalated
from shared.events.routed import ReportRouted, Routing


async def route_report(event: ReportClassified, *, ctx: RouterContext) -> list[ReportRouted]:
    """Route a classified report once; a redelivery re-emits the stored routing."""
    report_id = event.correlation_id
    routing = await ctx.routings.get(report_id)
    if routing is not None and routing.needs_location and event.payload.area is not None:
        # The citizen told us where: route it now, under the same reference.
        decision = ctx.triage.route(event.payload)
        routing = routing.model_copy(
            update={
                "classification": event.payload,
                "bodies": decision.bodies,
                "needs_location": decision.needs_location,
                "revision": routing.revision + 1,
            }
        )
        await ctx.routings.replace(routing)
    if routing is None:
        decision = ctx.triage.route(event.payload)
        for salt in range(5):
            candidate = Routing(
                report_id=report_id,
                reference=reference_for(report_id, salt=salt),
                classification=event.payload,
                bodies=decision.bodies,
                needs_location=decision.needs_location,
            )
            try:
                routing = await ctx.routings.add(candidate)
                break
            except ReferenceCollision:
                continue
        else:
            raise ReferenceCollision(f"no free reference for report {report_id}")
    # Idempotent: a redelivery after a crash finishes what the first attempt began.
    await hand_to_bodies(routing, ctx=ctx)
    return [ReportRouted.create(routing, correlation_id=report_id, cause=event)]


async def hand_to_bodies(routing: Routing, *, ctx: RouterContext) -> None:
    """Assign the report to each body, note it on the timeline, queue the deliveries."""
    now = ctx.clock.now()
    mention = routing.classification.mention
    await ctx.assignments.add_entry(
        TimelineEntry(
            entry_id=derived_id("received", routing.report_id),
            report_id=routing.report_id,
            at=mention.created_at,
            kind="received",
            text="We received your report.",
        )
    )
    await ctx.assignments.add_entry(
        TimelineEntry(
            entry_id=derived_id("routed", routing.report_id, str(routing.revision)),
            report_id=routing.report_id,
            at=now,
            kind="routed",
            text=routed_text(routing),
        )
    )
    for body in routing.bodies:
        await ctx.assignments.assign(
            report_id=routing.report_id, reference=routing.reference, body_id=body.id, at=now
        )
        await ctx.deliveries.enqueue(
            OutboundDelivery(
                delivery_id=derived_id("delivery", routing.report_id, body.id, "report"),
                report_id=routing.report_id,
                reference=routing.reference,
                body_id=body.id,
                kind="report",
                payload=report_payload(
                    routing,
                    body.id,
                    api_base_url=ctx.api_base_url,
                    status_base_url=ctx.status_base_url,
                ),
                created_at=now,
                next_attempt_at=now,
            )
        )


def routed_text(routing: Routing) -> str:
    if routing.needs_location:
        return "We asked you where this is, so we can pass it on."
    if not routing.bodies:
        return "This is outside the areas we cover."
    names = [b.name for b in routing.bodies]
    joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return f"We passed it to {joined}."


async def record_escalation(event: ReportEscalated, *, ctx: RouterContext) -> list[ReportRouted]:
    """A missed deadline: chase the department or its duty contact, and say so on the timeline."""
    escalation = event.payload
    name = ctx.body_name(escalation.body_id)
    now = ctx.clock.now()
    text = {
        "reminder": f"We reminded {name} about your report.",
        "duty_contact": f"We escalated your report within {name}.",
        "holding_reply": f"We told you {name} is taking longer than it should.",
    }[escalation.level]
    await ctx.assignments.add_entry(
        TimelineEntry(
            entry_id=derived_id("escalated", event.event_id),
            report_id=escalation.report_id,
            at=now,
            kind="escalated",
            body_id=escalation.body_id,
            text=text,
        )
    )
    if escalation.level == "holding_reply":
        return []
    routing = await ctx.routings.get(escalation.report_id)
    if routing is None:
        return []
    build = reminder_payload if escalation.level == "reminder" else escalation_payload
    await ctx.deliveries.enqueue(
        OutboundDelivery(
            delivery_id=derived_id(
                "delivery", escalation.report_id, escalation.body_id, escalation.level
            ),
            report_id=escalation.report_id,
            reference=escalation.reference,
            body_id=escalation.body_id,
            kind="reminder" if escalation.level == "reminder" else "escalation",
            payload=build(
                routing,
                escalation.body_id,
                deadline=escalation.deadline,
                api_base_url=ctx.api_base_url,
                status_base_url=ctx.status_base_url,
            ),
            created_at=now,
            next_attempt_at=now,
        )
    )
    return []
