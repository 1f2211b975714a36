"""Storage of what each body sees: assignments, the public timeline, department keys."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

from sqlalchemy import select, update
from sqlmodel import col

from services.router.models import BodyAssignment, DepartmentKey, TimelineEntry
from shared.storage import SessionMaker, insert_once


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class AssignmentRepository:
    def __init__(self, sessions: SessionMaker) -> None:
        self.sessions = sessions

    async def assign(self, *, report_id: str, reference: str, body_id: str, at: datetime) -> None:
        await insert_once(
            self.sessions,
            BodyAssignment(
                report_id=report_id,
                reference=reference,
                body_id=body_id,
                assigned_at=at,
                updated_at=at,
            ),
        )

    async def for_body(self, body_id: str, reference: str) -> BodyAssignment | None:
        async with self.sessions() as session:
            rows = await session.execute(
                select(BodyAssignment).where(
                    col(BodyAssignment.body_id) == body_id,
                    col(BodyAssignment.reference) == reference,
                )
            )
            return rows.scalars().first()

    async def list_for_body(self, body_id: str, *, open_only: bool) -> list[BodyAssignment]:
        query = select(BodyAssignment).where(col(BodyAssignment.body_id) == body_id)
        if open_only:
            query = query.where(col(BodyAssignment.status).in_(("open", "acknowledged")))
        async with self.sessions() as session:
            rows = await session.execute(query.order_by(col(BodyAssignment.assigned_at)))
            return list(rows.scalars())

    async def set_status(self, report_id: str, body_id: str, status: str, at: datetime) -> None:
        async with self.sessions() as session:
            await session.execute(
                update(BodyAssignment)
                .where(
                    col(BodyAssignment.report_id) == report_id,
                    col(BodyAssignment.body_id) == body_id,
                )
                .values(status=status, updated_at=at)
            )
            await session.commit()

    async def add_entry(self, entry: TimelineEntry) -> None:
        """Add a timeline entry once (its id comes from what caused it)."""
        await insert_once(self.sessions, entry)

    async def timeline(self, report_id: str) -> list[TimelineEntry]:
        async with self.sessions() as session:
            rows = await session.execute(
                select(TimelineEntry)
                .where(col(TimelineEntry.report_id) == report_id)
                .order_by(col(TimelineEntry.at))
            )
            return list(rows.scalars())

    async def create_key(self, body_id: str, label: str = "") -> str:
        """A new key for a body; only its hash is kept, so this is the one time it is seen."""
        key = "hrd_" + secrets.token_urlsafe(32)
        await insert_once(
            self.sessions, DepartmentKey(key_hash=hash_key(key), body_id=body_id, label=label)
        )
        return key

    async def body_for_key(self, key: str) -> str | None:
        async with self.sessions() as session:
            row = await session.get(DepartmentKey, hash_key(key))
            return row.body_id if row is not None and row.revoked_at is None else None
