"""The escalation ladder's clock: fire each due timer once, even across restarts."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from services.notifier.context import NotifierContext
from services.notifier.conversation import say
from services.notifier.models import DeadlineTimer
from shared.events.escalated import Escalation, ReportEscalated

log = logging.getLogger(__name__)


async def fire_due(ctx: NotifierContext) -> int:
    """Fire every timer that is due now; returns how many fired."""
    now = ctx.clock.now()
    fired = 0
    for timer in await ctx.repository.due(now):
        try:
            await _fire(timer, ctx)
        except Exception:  # noqa: BLE001 - not marked fired: the next pass tries again
            log.exception("timer %s for %s failed; retrying", timer.level, timer.reference)
            continue
        fired += await ctx.repository.mark_fired(timer.timer_id, ctx.clock.now())
    return fired


async def _fire(timer: DeadlineTimer, ctx: NotifierContext) -> None:
    # Both effects are keyed by the timer, so firing again after a crash repeats nothing.
    if timer.level == "holding_reply":
        thread = await ctx.repository.thread(timer.report_id)
        if thread is not None:
            name = ctx.body_names.get(timer.body_id, timer.body_id)
            await ctx.publish(
                await say(
                    ctx,
                    thread,
                    key=f"holding-{timer.body_id}",
                    wording_key="holding_reply",
                    body_ids=[timer.body_id],
                    body=name,
                )
            )
    await ctx.publish(
        ReportEscalated.create(
            Escalation(
                report_id=timer.report_id,
                reference=timer.reference,
                body_id=timer.body_id,
                level=timer.level,  # type: ignore[arg-type]
                deadline=timer.deadline,
                at=ctx.clock.now(),
            ),
            correlation_id=timer.report_id,
            discriminator=timer.timer_id,
        )
    )
    log.info(
        "%s for %s at %s (deadline %s)",
        timer.level,
        timer.reference,
        ctx.clock.now().isoformat(),
        timer.deadline.isoformat(),
    )


async def run_timers(stop: asyncio.Event, *, ctx: NotifierContext, tick_s: float = 0.2) -> None:
    """Check the ladder until stopped."""
    while not stop.is_set():
        try:
            await fire_due(ctx)
        except Exception:  # noqa: BLE001 - the timers are durable; try again next tick
            log.exception("timer pass failed")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=tick_s)
