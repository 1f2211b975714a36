"""The notifier's storage: threads, messages sent (keyed), and the timers of the ladder."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlmodel import col

from services.notifier.models import DeadlineTimer, SentMessage, Thread
from shared.storage import SessionMaker, insert_once, insert_or_existing


class NotifierRepository:
    def __init__(self, sessions: SessionMaker) -> None:
        self.sessions = sessions

    async def thread(self, report_id: str) -> Thread | None:
        async with self.sessions() as session:
            return await session.get(Thread, report_id)

    async def add_thread(self, thread: Thread) -> Thread:
        return await insert_or_existing(self.sessions, thread)

    async def message(self, key: str) -> SentMessage | None:
        async with self.sessions() as session:
            return await session.get(SentMessage, key)

    async def add_message(self, message: SentMessage) -> SentMessage:
        return await insert_or_existing(self.sessions, message)

    async def schedule(self, timer: DeadlineTimer) -> None:
        await insert_once(self.sessions, timer)

    async def due(self, now: datetime, limit: int = 50) -> list[DeadlineTimer]:
        async with self.sessions() as session:
            rows = await session.execute(
                select(DeadlineTimer)
                .where(
                    col(DeadlineTimer.due_at) <= now,
                    col(DeadlineTimer.fired_at).is_(None),
                    col(DeadlineTimer.cancelled_at).is_(None),
                )
                .order_by(col(DeadlineTimer.due_at))
                .limit(limit)
            )
            return list(rows.scalars())

    async def mark_fired(self, timer_id: str, at: datetime) -> bool:
        """Fire a timer once: False if it had already fired or been cancelled meanwhile."""
        async with self.sessions() as session:
            result = await session.execute(
                update(DeadlineTimer)
                .where(
                    col(DeadlineTimer.timer_id) == timer_id,
                    col(DeadlineTimer.fired_at).is_(None),
                    col(DeadlineTimer.cancelled_at).is_(None),
                )
                .values(fired_at=at)
            )
            await session.commit()
            return bool(result.rowcount)  # type: ignore[attr-defined]

    async def cancel(self, report_id: str, body_id: str, at: datetime) -> None:
        """The body answered: the rest of its ladder will not be needed."""
        async with self.sessions() as session:
            await session.execute(
                update(DeadlineTimer)
                .where(
                    col(DeadlineTimer.report_id) == report_id,
                    col(DeadlineTimer.body_id) == body_id,
                    col(DeadlineTimer.fired_at).is_(None),
                )
                .values(cancelled_at=at)
            )
            await session.commit()

    async def expedite(self, report_id: str, body_id: str, now: datetime) -> None:
        """The delivery failed: climb the ladder now rather than wait for the deadline."""
        async with self.sessions() as session:
            await session.execute(
                update(DeadlineTimer)
                .where(
                    col(DeadlineTimer.report_id) == report_id,
                    col(DeadlineTimer.body_id) == body_id,
                    col(DeadlineTimer.fired_at).is_(None),
                    col(DeadlineTimer.cancelled_at).is_(None),
                    col(DeadlineTimer.level) != "reminder",
                    col(DeadlineTimer.due_at) > now,
                )
                .values(due_at=now)
            )
            await session.commit()

    async def timers(self, report_id: str) -> list[DeadlineTimer]:
        async with self.sessions() as session:
            rows = await session.execute(
                select(DeadlineTimer).where(col(DeadlineTimer.report_id) == report_id)
            )
            return list(rows.scalars())
