"""Storage of sent replies, keyed by report id."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError

from services.notifier.models import SentReply
from shared.events.reply import Reply
from shared.storage import SessionMaker


class ReplyRepository:
    def __init__(self, sessions: SessionMaker) -> None:
        self.sessions = sessions

    async def get(self, report_id: str) -> Reply | None:
        async with self.sessions() as session:
            row = await session.get(SentReply, report_id)
            return Reply.model_validate(row.model_dump()) if row else None

    async def add(self, reply: Reply) -> Reply:
        async with self.sessions() as session:
            session.add(SentReply(**reply.model_dump()))
            try:
                await session.commit()
            except IntegrityError:
                await session.rollback()
                existing = await self.get(reply.report_id)
                assert existing is not None
                return existing
        return reply
