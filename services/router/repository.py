"""Storage of routings, keyed by report id; references are unique."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlmodel import col

from services.router.models import StoredRouting
from shared.events.routed import Routing
from shared.storage import SessionMaker, insert_or_existing


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
        try:
            stored = await insert_or_existing(self.sessions, row)
        except IntegrityError as error:  # the reference, not the report, was taken
            raise ReferenceCollision(routing.reference) from error
        return Routing.model_validate(stored.routing)

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
