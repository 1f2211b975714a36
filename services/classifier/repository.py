"""Storage of classifications, keyed by report id."""

from __future__ import annotations

from sqlalchemy import select
from sqlmodel import col

from services.classifier.models import LocationQuestion, StoredClassification
from shared.events.classified import Classification
from shared.storage import SessionMaker, insert_once, insert_or_existing


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
        stored = await insert_or_existing(self.sessions, row)
        return Classification.model_validate(stored.classification)

    async def replace(self, classification: Classification) -> None:
        """A better decision for a report (the citizen said where it is)."""
        async with self.sessions() as session:
            row = await session.get(StoredClassification, classification.report_id)
            if row is None:
                raise KeyError(classification.report_id)
            row.classification = classification.model_dump(mode="json")
            session.add(row)
            await session.commit()

    async def await_location(self, platform: str, post_ids: list[str], report_id: str) -> None:
        for post_id in post_ids:
            await insert_once(
                self.sessions,
                LocationQuestion(platform=platform, post_id=post_id, report_id=report_id),
            )

    async def question(self, platform: str, post_id: str) -> LocationQuestion | None:
        async with self.sessions() as session:
            return await session.get(LocationQuestion, (platform, post_id))

    async def answered(self, report_id: str, by: str) -> None:
        async with self.sessions() as session:
            rows = await session.execute(
                select(LocationQuestion).where(col(LocationQuestion.report_id) == report_id)
            )
            for row in rows.scalars():
                row.answered_by = by
                session.add(row)
            await session.commit()
