"""The notifier's table: the acknowledgement each report got; its key makes it happen once."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import Field, SQLModel


class SentReply(SQLModel, table=True):
    __tablename__ = "notifier_reply"

    report_id: str = Field(primary_key=True)
    reference: str
    platform: str
    in_reply_to: str
    reply_id: str
    from_account: str
    text: str
    sent_at: datetime = Field(default_factory=lambda: datetime.now(UTC))
