"""Storage of classifications, keyed by report id."""

from __future__ import annotations

from services.classifier.models import StoredClassification
from shared.events.classified import Classification
from shared.storage import SessionMaker, insert_once


class ClassificationRepository:
    def __init__(self, sessions: SessionMaker) -> None:
        self.sessions = sessions

    async def get(self, report_id: str) -> Classification | None:
        async with self.sessions() as session:
            row = await session.get(StoredClassification, report_id)
            return Classification.model_validate(row.classification) if row else None

    async def add(self, classification: Classification, *, cause_id: str) -> Classification:
        """Store a decision; if one was stored meanwhile, that one wins and is returned."""
        row = StoredClassification(
            report_id=classification.report_id,
            mention_event_id=cause_id,
            classification=classification.model_dump(mode="json"),
        )
        if await insert_once(self.sessions, row):
            return classification
        existing = await self.get(classification.report_id)
        assert existing is not None, "insert refused but no row: the key must be the report id"
        return existing
