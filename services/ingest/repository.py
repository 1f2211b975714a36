"""Ingest's storage: feed cursors and the published-post ledger."""

from __future__ import annotations

from datetime import UTC, datetime

from services.ingest.models import FeedCursor, PublishedPost
from shared.storage import SessionMaker, insert_once


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
        """Record a published post; a second feed recording the same post is a no-op."""
        await insert_once(
            self.sessions,
            PublishedPost(
                platform=platform, platform_id=platform_id, report_id=report_id, feed=feed
            ),
        )
