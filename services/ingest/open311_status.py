"""Keeps Open311 requests' status current from the routing and the bodies' updates, so
GET requests/{id}.json tells a citizen (or their council's portal) what happened."""

from __future__ import annotations

from sqlalchemy import select
from sqlmodel import col

from services.ingest.models import Open311Status
from services.ingest.open311.records import RequestStatus
from shared.events.envelope import Event
from shared.events.routed import ReportRouted
from shared.events.updated import ReportUpdated
from shared.storage import SessionMaker


class Open311StatusRepository:
    def __init__(self, sessions: SessionMaker) -> None:
        self.sessions = sessions

    async def lookup(self, service_request_id: str) -> RequestStatus | None:
        """The StatusLookup the Open311 router asks."""
        async with self.sessions() as session:
            row = await session.get(Open311Status, service_request_id)
        if row is None:
            return None
        return RequestStatus(
            status="closed" if row.status == "closed" else "open",
            status_notes=row.status_notes,
            agency_responsible=row.agency_responsible,
            updated_datetime=row.updated_at,
        )

    async def save(self, row: Open311Status) -> None:
        async with self.sessions() as session:
            await session.merge(row)
            await session.commit()

    async def by_report(self, report_id: str) -> Open311Status | None:
        async with self.sessions() as session:
            rows = await session.execute(
                select(Open311Status).where(col(Open311Status.report_id) == report_id)
            )
            return rows.scalars().first()


async def note_routing(event: ReportRouted, *, statuses: Open311StatusRepository) -> list[Event]:
    """Who has an Open311 request now (agency_responsible)."""
    mention = event.payload.classification.mention
    if mention.platform != "open311":
        return []
    names = ", ".join(b.name for b in event.payload.bodies) or None
    await statuses.save(
        Open311Status(
            service_request_id=mention.id,
            report_id=event.correlation_id,
            status="open",
            agency_responsible=names,
            status_notes=f"Passed on under Heard reference {event.payload.reference}.",
            updated_at=event.occurred_at,
        )
    )
    return []


async def note_update(event: ReportUpdated, *, statuses: Open311StatusRepository) -> list[Event]:
    """A body's words become the status notes; resolved closes the request."""
    row = await statuses.by_report(event.correlation_id)
    if row is None:
        return []  # not an Open311 request
    update = event.payload
    row.status = "closed" if update.kind == "resolved" else "open"
    row.status_notes = update.message or {
        "acknowledged": "Picked up by the responsible body.",
        "resolved": "Resolved.",
        "handed_back": "Being passed to the right body.",
    }.get(update.kind, row.status_notes)
    row.updated_at = update.at
    await statuses.save(row)
    return []
