"""mentions.received.v1: a citizen's post, normalised from any platform."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field

from shared.events.envelope import Event, Payload

Platform = Literal["x", "facebook", "mastodon", "bluesky", "open311", "web"]


class Author(Payload):
    id: str = Field(examples=["109348"])
    handle: str = Field(examples=["lowri@mastodon.example"])
    display_name: str | None = None


class GeoPoint(Payload):
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)


class Media(Payload):
    url: str
    content_type: str = "application/octet-stream"


class Mention(Payload):
    """The triage contract's normalised Mention (section 1), plus where to answer."""

    platform: Platform
    id: str = Field(description="Platform-native id, unique per platform.", examples=["1103"])
    author: Author
    text: str = Field(examples=["@MonmouthshireCC pothole on Frogmore St, Abergavenny"])
    created_at: datetime
    mentions: list[str] = Field(default_factory=list, examples=[["@MonmouthshireCC"]])
    geo: GeoPoint | None = None
    media: list[Media] = Field(default_factory=list)
    in_reply_to: str | None = None
    received_by: str | None = Field(
        default=None,
        description="The official account whose feed this came from (answers go out from it).",
        examples=["MonmouthshireCC"],
    )
    visibility: str | None = Field(
        default=None, description="Platform visibility of the post, kept so the reply matches."
    )


class MentionReceived(Event[Mention]):
    topic = "mentions.received.v1"
    type_name = "MentionReceived"
