"""Storage of routings, keyed by report id; references are unique."""

from __future__ import annotations

from sqlalchemy import select
from sqlmodel import col

from services.router.models import StoredRouting
from shared.events.routed import Routing
from shared.storage import SessionMaker, insert_once


class ReferenceCollision(Exception):
    """Two reports hashed to one reference; the caller salts and tries again."""


class RoutingRepository:
    def __init__(self, sessions: SessionMaker) -> None:
        self.sessions = sessions

    async def get(self, report_id: str) -> Routing | None:
        async with self.sessions() as session:
            row = await session.get(StoredRouting, report_id)
            return Routing.model_validate(row.routing) if row else None

    async def add(self, routing: Routing) -> Routing:
        """Store a routing; if this report was routed meanwhile, return that one instead."""
        row = StoredRouting(
            report_id=routing.report_id,
            reference=routing.reference,
            routing=routing.model_dump(mode="json"),
        )
        if await insert_once(self.sessions, row):
            return routing
        existing = await self.get(routing.report_id)
        if existing is None:
            raise ReferenceCollision(routing.reference)
        return existing

    async def replace(self, routing: Routing) -> None:
        """Store a newer revision of a report's routing (after a hand-back)."""
        async with self.sessions() as session:
            row = await session.get(StoredRouting, routing.report_id)
            if row is None:
                raise KeyError(routing.report_id)
            row.routing = routing.model_dump(mode="json")
            session.add(row)
            await session.commit()

    async def get_by_reference(self, reference: str) -> Routing | None:
        async with self.sessions() as session:
            rows = await session.execute(
                select(StoredRouting).where(col(StoredRouting.reference) == reference)
            )
            row = rows.scalars().first()
            return Routing.model_validate(row.routing) if row else None
