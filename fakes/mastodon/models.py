"""Records the fake Mastodon keeps in memory, and the API error they raise."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


class ApiError(Exception):
    """An error the API answers as {"error": message} with the given HTTP status."""

    def __init__(self, status_code: int, message: str) -> None:
        super().__init__(message)
        self.status_code = status_code
        self.message = message


@dataclass
class Account:
    """A local account; the token is the bearer token that acts as it."""

    id: str
    username: str
    display_name: str
    token: str
    created_at: datetime
    bot: bool = False
    note: str = ""


@dataclass
class Status:
    """A posted status; content is the rendered HTML, text the source the author wrote."""

    id: str
    account_id: str
    text: str
    content: str
    created_at: datetime
    visibility: str
    sensitive: bool
    spoiler_text: str
    language: str | None
    in_reply_to_id: str | None
    in_reply_to_account_id: str | None
    mention_ids: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)


@dataclass
class Notification:
    """A notification for account_id, caused by from_account_id (and usually a status)."""

    id: str
    account_id: str
    type: str
    from_account_id: str
    status_id: str | None
    created_at: datetime
