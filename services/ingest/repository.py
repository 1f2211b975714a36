"""Ingest's storage: feed cursors and the published-post ledger."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.exc import IntegrityError

from services.ingest.models import FeedCursor, PublishedPost
from shared.storage import SessionMaker


class IngestRepository:
    def __init__(self, sessions: SessionMaker) -> None:
        self.sessions = sessions

    async def cursor(self, feed: str) -> str | None:
        async with self.sessions() as session:
            row = await session.get(FeedCursor, feed)
            return row.cursor if row else None

    async def save_cursor(self, feed: str, cursor: str) -> None:
        async with self.sessions() as session:
            row = await session.get(FeedCursor, feed)
            if row is None:
                session.add(FeedCursor(feed=feed, cursor=cursor))
            else:
                row.cursor, row.updated_at = cursor, datetime.now(UTC)
            await session.commit()

    async def was_published(self, platform: str, platform_id: str) -> bool:
        async with self.sessions() as session:
            return await session.get(PublishedPost, (platform, platform_id)) is not None

    async def mark_published(
        self, *, platform: str, platform_id: str, report_id: str, feed: str
    ) -> None:
        async with self.sessions() as session:
            session.add(
                PublishedPost(
                    platform=platform, platform_id=platform_id, report_id=report_id, feed=feed
                )
            )
            try:
                await session.commit()
            except IntegrityError:
                # Another feed published the same post first (it mentioned two accounts).
                await session.rollback()
