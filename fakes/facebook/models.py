"""Records the fake Graph API keeps in memory, and the Graph error it answers with."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime


class GraphError(Exception):
    """An error answered in Meta's shape: {"error": {message, type, code, error_subcode, ...}}."""

    def __init__(
        self,
        message: str,
        *,
        code: int,
        type_: str = "OAuthException",
        subcode: int | None = None,
        status: int = 400,
        is_transient: bool = False,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.type = type_
        self.subcode = subcode
        self.status = status
        self.is_transient = is_transient
        self.headers = headers or {}

    def body(self) -> dict[str, object]:
        """The JSON body Meta sends, with a fresh fbtrace_id."""
        error: dict[str, object] = {"message": self.message, "type": self.type, "code": self.code}
        if self.subcode is not None:
            error["error_subcode"] = self.subcode
        if self.is_transient:
            error["is_transient"] = True
        error["fbtrace_id"] = "A" + secrets.token_urlsafe(15)[:20]
        return {"error": error}


def unsupported(method: str, object_id: str) -> GraphError:
    """Meta's answer for an id that does not exist or cannot be used this way."""
    return GraphError(
        f"Unsupported {method.lower()} request. Object with ID '{object_id}' does not exist, "
        "cannot be loaded due to missing permissions, or does not support this operation. "
        "Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api",
        code=100,
        subcode=33,
        type_="GraphMethodException",
    )


def invalid_parameter(message: str) -> GraphError:
    """(#100): a parameter is missing or wrong."""
    return GraphError(f"(#100) {message}", code=100)


@dataclass
class Page:
    """A Facebook Page; the token is its page access token."""

    id: str
    username: str
    name: str
    token: str
    subscribed_fields: set[str] = field(default_factory=set)


@dataclass
class User:
    """A person; id is page-scoped as Meta gives it to Pages."""

    id: str
    name: str
    token: str


@dataclass
class Place:
    """A tagged place: Graph API gives no raw coordinates, only a place's location."""

    id: str
    name: str
    latitude: float
    longitude: float


@dataclass
class Post:
    """A post on a feed: owner_id is the Page or person whose feed it is on."""

    id: str
    owner_id: str
    author_id: str
    message: str
    created_at: datetime
    place: Place | None = None
    photo_url: str | None = None
    photo_id: str | None = None
    tagged_page_ids: list[str] = field(default_factory=list)

    @property
    def number(self) -> str:
        """The part after the owner id: comment ids start with it."""
        return self.id.split("_", 1)[1]


@dataclass
class Comment:
    """A comment on a post (parent_id == post_id) or a reply to a comment."""

    id: str
    post_id: str
    parent_id: str
    author_id: str
    message: str
    created_at: datetime
    photo_url: str | None = None
    photo_id: str | None = None
    tagged_page_ids: list[str] = field(default_factory=list)
