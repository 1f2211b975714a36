"""The delivery queue: pending deliveries, claimed one at a time, retried until a deadline."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlmodel import col

from services.router.models import OutboundDelivery
from shared.storage import SessionMaker, insert_once


class DeliveryRepository:
    def __init__(self, sessions: SessionMaker) -> None:
        self.sessions = sessions

    async def enqueue(self, delivery: OutboundDelivery) -> bool:
        """Queue a delivery once; False if that delivery id was already queued."""
        return await insert_once(self.sessions, delivery)

    async def due(self, now: datetime, limit: int = 20) -> list[OutboundDelivery]:
        async with self.sessions() as session:
            rows = await session.execute(
                select(OutboundDelivery)
                .where(
                    col(OutboundDelivery.status) == "pending",
                    col(OutboundDelivery.next_attempt_at) <= now,
                )
                .order_by(col(OutboundDelivery.next_attempt_at))
                .limit(limit)
            )
            return list(rows.scalars())

    async def claim(self, delivery: OutboundDelivery, *, lease_until: datetime) -> bool:
        """Take a due delivery for one attempt; another router replica cannot take it too."""
        async with self.sessions() as session:
            result = await session.execute(
                update(OutboundDelivery)
                .where(
                    col(OutboundDelivery.delivery_id) == delivery.delivery_id,
                    col(OutboundDelivery.status) == "pending",
                    col(OutboundDelivery.next_attempt_at) == delivery.next_attempt_at,
                )
                .values(next_attempt_at=lease_until)
            )
            await session.commit()
            return bool(result.rowcount)  # type: ignore[attr-defined]

    async def record(self, delivery_id: str, **values: object) -> None:
        async with self.sessions() as session:
            await session.execute(
                update(OutboundDelivery)
                .where(col(OutboundDelivery.delivery_id) == delivery_id)
                .values(**values)
            )
            await session.commit()

    async def for_report(self, report_id: str) -> list[OutboundDelivery]:
        async with self.sessions() as session:
            rows = await session.execute(
                select(OutboundDelivery).where(col(OutboundDelivery.report_id) == report_id)
            )
            return list(rows.scalars())

    async def replay(self, *, now: datetime, body_id: str | None, delivery_id: str | None) -> int:
        """Put failed deliveries back in the queue (the operator's replay); returns how many."""
        query = update(OutboundDelivery).where(col(OutboundDelivery.status) == "failed")
        if body_id:
            query = query.where(col(OutboundDelivery.body_id) == body_id)
        if delivery_id:
            query = query.where(col(OutboundDelivery.delivery_id) == delivery_id)
        async with self.sessions() as session:
            result = await session.execute(
                query.values(
                    status="pending",
                    next_attempt_at=now,
                    created_at=now,
                    attempts=0,
                    finished_at=None,
                )
            )
            await session.commit()
            return int(result.rowcount)  # type: ignore[attr-defined]


def lease(now: datetime, seconds: float = 30.0) -> datetime:
    return now + timedelta(seconds=seconds)
