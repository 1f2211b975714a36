"""The delivery loop: send what is due, retry with backoff until the body's deadline, then fail."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import timedelta

import httpx
from opentelemetry import trace

from services.router.context import RouterContext
from services.router.deliveries import lease
from services.router.delivery.schedule import next_attempt_at
from services.router.delivery.sender import deliver
from services.router.models import OutboundDelivery, TimelineEntry
from shared.events.delivered import Delivery, ReportDelivered
from shared.events.envelope import derived_id

log = logging.getLogger(__name__)
_tracer = trace.get_tracer("heard.router")


async def deliver_due(ctx: RouterContext, http: httpx.AsyncClient) -> int:
    """One pass over the queue; returns how many deliveries were attempted."""
    now = ctx.clock.now()
    attempted = 0
    for delivery in await ctx.deliveries.due(now):
        if not await ctx.deliveries.claim(delivery, lease_until=lease(now)):
            continue  # another replica took it
        attempted += 1
        with _tracer.start_as_current_span(
            "deliver report",
            attributes={
                "heard.report_id": delivery.report_id,
                "heard.body_id": delivery.body_id,
                "heard.delivery_id": delivery.delivery_id,
            },
        ):
            await _attempt(delivery, ctx, http)
    return attempted


async def _attempt(delivery: OutboundDelivery, ctx: RouterContext, http: httpx.AsyncClient) -> None:
    endpoint = ctx.departments.get(delivery.body_id)
    attempts = delivery.attempts + 1
    if endpoint is None:
        await _finish(delivery, ctx, "failed", attempts, error="no departmental system configured")
        return
    url = endpoint.duty_contact_url if delivery.kind == "escalation" else None
    outcome = await deliver(
        http,
        endpoint,
        delivery_id=delivery.delivery_id,
        payload=delivery.payload,
        url=url or None,
    )
    now = ctx.clock.now()
    if outcome.ok:
        await _finish(delivery, ctx, "delivered", attempts, external_id=outcome.external_id)
        return
    past_deadline = now >= delivery.created_at + timedelta(seconds=endpoint.deadline_s)
    if not outcome.retryable or past_deadline:
        await _finish(delivery, ctx, "failed", attempts, error=outcome.error)
        return
    retry_at = next_attempt_at(attempts, now, retry_after=outcome.retry_after)
    await ctx.deliveries.record(
        delivery.delivery_id,
        attempts=attempts,
        next_attempt_at=retry_at,
        last_error=outcome.error,
    )
    log.info(
        "delivery %s to %s failed (%s); retry %d at %s",
        delivery.delivery_id,
        delivery.body_id,
        outcome.error,
        attempts,
        retry_at.isoformat(),
    )


async def _finish(
    delivery: OutboundDelivery,
    ctx: RouterContext,
    status: str,
    attempts: int,
    *,
    error: str | None = None,
    external_id: str | None = None,
) -> None:
    now = ctx.clock.now()
    await ctx.deliveries.record(
        delivery.delivery_id,
        status=status,
        attempts=attempts,
        finished_at=now,
        last_error=error,
        external_id=external_id,
    )
    name = ctx.body_name(delivery.body_id)
    if delivery.kind == "report" and status == "delivered":
        await ctx.assignments.add_entry(
            TimelineEntry(
                entry_id=derived_id("delivered", delivery.delivery_id),
                report_id=delivery.report_id,
                at=now,
                kind="delivered",
                body_id=delivery.body_id,
                text=f"{name} received your report.",
            )
        )
    if status == "failed":
        log.warning(
            "delivery %s to %s failed for good after %d attempts: %s",
            delivery.delivery_id,
            delivery.body_id,
            attempts,
            error,
        )
    await ctx.publish(
        ReportDelivered.create(
            Delivery(
                report_id=delivery.report_id,
                reference=delivery.reference,
                body_id=delivery.body_id,
                delivery_id=delivery.delivery_id,
                kind=delivery.kind,  # type: ignore[arg-type]
                method=ctx.departments[delivery.body_id].method
                if delivery.body_id in ctx.departments
                else "webhook",
                status=status,  # type: ignore[arg-type]
                attempts=attempts,
                at=now,
                error=error,
                external_id=external_id,
            ),
            correlation_id=delivery.report_id,
            discriminator=f"{delivery.delivery_id}:{status}:{attempts}",
        )
    )


async def run_deliveries(
    stop: asyncio.Event, *, ctx: RouterContext, http: httpx.AsyncClient, tick_s: float = 0.2
) -> None:
    """Deliver until stopped; a failing pass (database blip) is logged and retried."""
    while not stop.is_set():
        try:
            busy = await deliver_due(ctx, http)
        except Exception:  # noqa: BLE001 - keep delivering; the queue is durable
            log.exception("delivery pass failed")
            busy = 0
        if not busy:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=tick_s)
