"""Notifier use cases: acknowledge, relay what departments say, and start each body's clock."""

from __future__ import annotations

from services.notifier.context import NotifierContext
from services.notifier.conversation import greeting, say
from services.notifier.deadlines import deadline_for, ladder
from services.notifier.models import DeadlineTimer, Thread
from services.notifier.wording import join_names, reply_language
from shared.events.delivered import ReportDelivered
from shared.events.envelope import derived_id
from shared.events.reply import ReplySent
from shared.events.routed import ReportRouted, Routing
from shared.events.updated import ReportUpdated

# No thread to answer in: the intake's response carried the reference already.
THREADLESS = frozenset({"open311", "web"})


async def acknowledge_report(event: ReportRouted, *, ctx: NotifierContext) -> list[ReplySent]:
    """The first reply (or, after a hand-back, who has it now); start each new body's clock."""
    routing = event.payload
    c = routing.classification
    if not c.is_report:
        return []
    await _start_clocks(routing, ctx)
    if c.mention.platform in THREADLESS:
        return []
    thread = await ctx.repository.add_thread(_thread_for(routing))
    names = join_names([b.name for b in routing.bodies], thread.language)
    body_ids = [b.id for b in routing.bodies]
    if routing.revision > 1 and not routing.handed_back_by:
        # The citizen answered our question about where: it has gone to the bodies now.
        return [
            await say(
                ctx,
                thread,
                key=f"located-{routing.revision}",
                wording_key="location_received",
                body_ids=body_ids,
                bodies=names,
            )
        ]
    if routing.revision > 1:
        previous = _body_name(routing.handed_back_by[-1], ctx) if routing.handed_back_by else ""
        return [
            await say(
                ctx,
                thread,
                key=f"rerouted-{routing.revision}",
                wording_key="rerouted",
                body_ids=body_ids,
                bodies=names,
                previous=previous,
            )
        ]
    if routing.needs_location:
        key = "needs_location"
    elif not routing.bodies:
        key = "out_of_area"
    elif c.urgency == "emergency":
        key = "first_reply_emergency"
    else:
        key = "first_reply"
    return [await say(ctx, thread, key="ack", wording_key=key, body_ids=body_ids, bodies=names)]


def _thread_for(routing: Routing) -> Thread:
    mention = routing.classification.mention
    body_ids = [b.id for b in routing.bodies]
    return Thread(
        report_id=routing.report_id,
        reference=routing.reference,
        platform=mention.platform,
        post_id=mention.id,
        from_account=mention.received_by or (mention.mentions or [""])[0],
        visibility=mention.visibility,
        greeting=greeting(mention.platform, mention.author.handle, mention.author.display_name),
        language=reply_language(mention.text, body_ids),
        urgency=routing.classification.urgency,
    )


async def _start_clocks(routing: Routing, ctx: NotifierContext) -> None:
    start = ctx.clock.now()
    for body in routing.bodies:
        deadline = deadline_for(
            start, routing.classification.urgency, ctx.policy(body.id), ctx.calendar(body.id)
        )
        for level, due_at in ladder(start, deadline):
            await ctx.repository.schedule(
                DeadlineTimer(
                    timer_id=derived_id("timer", routing.report_id, body.id, level),
                    report_id=routing.report_id,
                    reference=routing.reference,
                    body_id=body.id,
                    level=level,
                    deadline=deadline,
                    due_at=due_at,
                )
            )


async def relay_update(event: ReportUpdated, *, ctx: NotifierContext) -> list[ReplySent]:
    """Tell the citizen what the body said; an answer stops that body's ladder."""
    update = event.payload
    await ctx.repository.cancel(update.report_id, update.body_id, ctx.clock.now())
    thread = await ctx.repository.thread(update.report_id)
    if thread is None or update.kind == "handed_back":
        return []  # threadless, or the re-routing reply says who has it now
    name = _body_name(update.body_id, ctx)
    return [
        await say(
            ctx,
            thread,
            key=f"update-{update.update_id}",
            wording_key=update.kind,
            body_ids=[update.body_id],
            body=name,
            message=update.message or "",
        )
    ]


async def note_delivery(event: ReportDelivered, *, ctx: NotifierContext) -> list[ReplySent]:
    """A delivery that failed for good climbs the ladder now rather than at the deadline."""
    delivery = event.payload
    if delivery.status == "failed" and delivery.kind == "report":
        await ctx.repository.expedite(delivery.report_id, delivery.body_id, ctx.clock.now())
    return []


def _body_name(body_id: str, ctx: NotifierContext) -> str:
    return ctx.body_names.get(body_id, body_id)
