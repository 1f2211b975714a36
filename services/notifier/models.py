"""The notifier's tables: threads it answers in, messages it sent (once each), deadline timers."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import Field, SQLModel


def _now() -> datetime:
    return datetime.now(UTC)


class Thread(SQLModel, table=True):
    """Where to answer a report's citizen, and in which words."""

    __tablename__ = "notifier_thread"

    report_id: str = Field(primary_key=True)
    reference: str
    platform: str
    post_id: str
    from_account: str
    visibility: str | None = None
    greeting: str
    language: str = "en"
    urgency: str = "normal"


class SentMessage(SQLModel, table=True):
    """One message to a citizen; the key (ack, update id, holding, ...) makes it happen once."""

    __tablename__ = "notifier_message"

    message_key: str = Field(primary_key=True)
    report_id: str = Field(index=True)
    kind: str
    reference: str
    platform: str
    in_reply_to: str
    reply_id: str
    from_account: str
    text: str
    sent_at: datetime = Field(default_factory=_now)


class DeadlineTimer(SQLModel, table=True):
    """A rung of the escalation ladder, stored so a restart loses none and fires none twice."""

    __tablename__ = "notifier_timer"

    timer_id: str = Field(primary_key=True)
    report_id: str = Field(index=True)
    reference: str
    body_id: str
    level: str = Field(description="reminder | duty_contact | holding_reply")
    deadline: datetime
    due_at: datetime = Field(index=True)
    fired_at: datetime | None = None
    cancelled_at: datetime | None = None
