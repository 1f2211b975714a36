"""replies.sent.v1: Heard answered the citizen in their thread."""

from __future__ import annotations

from pydantic import Field

from shared.events.envelope import Event, Payload
from shared.events.mention import Platform


class Reply(Payload):
    report_id: str
    reference: str
    platform: Platform
    in_reply_to: str = Field(description="Platform id of the citizen's post.")
    reply_id: str = Field(description="Platform id of Heard's reply.")
    from_account: str
    text: str
    purpose: str | None = Field(
        default=None, description="What the reply was for, e.g. needs_location (a question)."
    )


class ReplySent(Event[Reply]):
    topic = "replies.sent.v1"
    type_name = "ReplySent"
