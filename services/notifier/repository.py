"""Storage of sent replies, keyed by report id."""

from __future__ import annotations

from services.notifier.models import SentReply
from shared.events.reply import Reply
from shared.storage import SessionMaker, insert_once


class ReplyRepository:
    def __init__(self, sessions: SessionMaker) -> None:
        self.sessions = sessions

    async def get(self, report_id: str) -> Reply | None:
        async with self.sessions() as session:
            row = await session.get(SentReply, report_id)
            return Reply.model_validate(row.model_dump()) if row else None

    async def add(self, reply: Reply) -> Reply:
        """Record the reply; if one was recorded meanwhile, return that one."""
        if await insert_once(self.sessions, SentReply(**reply.model_dump())):
            return reply
        existing = await self.get(reply.report_id)
        assert existing is not None, "insert refused but no row: the key must be the report id"
        return existing
