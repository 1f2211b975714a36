"""Ingest's own tables: where each feed is up to, and which posts were already published."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import Field, SQLModel


def _now() -> datetime:
    return datetime.now(UTC)


class FeedCursor(SQLModel, table=True):
    __tablename__ = "ingest_feed_cursor"

    feed: str = Field(primary_key=True, description="platform:account, e.g. mastodon:TfL")
    cursor: str
    updated_at: datetime = Field(default_factory=_now)


class PublishedPost(SQLModel, table=True):
    """One row per platform post published; its key is how duplicates are dropped."""

    __tablename__ = "ingest_published_post"

    platform: str = Field(primary_key=True)
    platform_id: str = Field(primary_key=True)
    report_id: str = Field(index=True)
    feed: str
    published_at: datetime = Field(default_factory=_now)


class Open311Status(SQLModel, table=True):
    """What the bodies have done with an Open311 request, for GET requests/{id}.json."""

    __tablename__ = "ingest_open311_status"

    service_request_id: str = Field(primary_key=True)
    report_id: str = Field(index=True)
    status: str = "open"
    status_notes: str | None = None
    agency_responsible: str | None = None
    updated_at: datetime = Field(default_factory=_now)
