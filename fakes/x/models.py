"""Records the fake X keeps in memory, and the problem-JSON error its routes raise."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

PROBLEMS = "https://api.twitter.com/2/problems/"


class ApiError(Exception):
    """An error answered as X's problem JSON: title, detail, type, status (+ extra fields)."""

    def __init__(
        self,
        status_code: int,
        title: str,
        detail: str,
        problem: str = "about:blank",
        **extra: Any,
    ) -> None:
        super().__init__(detail)
        self.status_code = status_code
        self.body: dict[str, Any] = {
            **extra,
            "title": title,
            "detail": detail,
            "type": problem if problem.startswith(("about:", "http")) else PROBLEMS + problem,
            "status": status_code,
        }


def invalid_request(message: str, parameter: str, value: str) -> ApiError:
    """400 Invalid Request, in the shape X uses for a bad query or body parameter."""
    return ApiError(
        400,
        "Invalid Request",
        "One or more parameters to your request was invalid.",
        "invalid-request",
        errors=[{"parameters": {parameter: [value]}, "message": message}],
    )


@dataclass
class User:
    id: str
    username: str
    name: str
    token: str
    created_at: datetime
    official: bool = False
    description: str = ""


@dataclass
class MediaItem:
    """An uploaded photo/video; media_key is "<type digit>_<media id>" like X's."""

    media_id: str
    media_key: str
    type: str  # photo | video | animated_gif
    url: str
    width: int = 1200
    height: int = 900
    alt_text: str | None = None


@dataclass
class Place:
    """A place with a bounding box (west, south, east, north) in degrees."""

    id: str
    full_name: str
    name: str
    country: str
    country_code: str
    place_type: str
    bbox: tuple[float, float, float, float]


@dataclass
class MentionEntity:
    """An @mention in a post; start/end count code points of the unescaped text."""

    start: int
    end: int
    username: str
    user_id: str | None


@dataclass
class Post:
    id: str
    author_id: str
    text: str
    created_at: datetime
    conversation_id: str
    in_reply_to_user_id: str | None = None
    replied_to: str | None = None
    mentions: list[MentionEntity] = field(default_factory=list)
    urls: list[tuple[int, int, str]] = field(default_factory=list)
    media_keys: list[str] = field(default_factory=list)
    coordinates: tuple[float, float] | None = None  # (lon, lat), GeoJSON order
    place_id: str | None = None
    lang: str = "en"

    def referenced_tweets(self) -> list[dict[str, str]]:
        """v2 referenced_tweets: only replies exist in the fake."""
        return [{"type": "replied_to", "id": self.replied_to}] if self.replied_to else []


@dataclass
class Rule:
    id: str
    value: str
    tag: str | None = None


@dataclass
class Webhook:
    id: str
    url: str
    created_at: datetime
    valid: bool = True
    subscribers: set[str] = field(default_factory=set)
