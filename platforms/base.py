"""The capability interfaces every platform adapter implements, and the errors they raise."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

import httpx

from shared.events.mention import Mention


class PlatformError(Exception):
    """A platform call failed."""


class TransientPlatformError(PlatformError):
    """Try again later: 5xx, timeouts, connection failures."""


class RateLimited(TransientPlatformError):
    """429: wait `retry_after` seconds (from the platform's own headers) before trying again."""

    def __init__(self, retry_after: float, message: str = "rate limited") -> None:
        super().__init__(f"{message}; retry after {retry_after:.1f}s")
        self.retry_after = retry_after


class RejectedByPlatform(PlatformError):
    """4xx other than 429: the request itself is wrong and retrying will not help."""


@dataclass(frozen=True)
class MentionPage:
    """New mentions, oldest first, and the cursor to store once they are published."""

    mentions: list[Mention]
    cursor: str | None


@dataclass(frozen=True)
class PostedReply:
    id: str
    url: str | None = None


# Where inbound adapters hand normalised mentions: (mentions, feed) -> how many were new.
# Ingest publishes each new one once (deduplicated by platform id) before returning.
MentionSink = Callable[[Sequence[Mention], str], Awaitable[int]]


class CursorStore(Protocol):
    """Durable per-feed cursors (since_id, time_us, ...) kept by ingest."""

    async def cursor(self, feed: str) -> str | None: ...

    async def save_cursor(self, feed: str, cursor: str) -> None: ...


class MentionStream(Protocol):
    """Inbound half for push feeds (streams, websockets): runs until `stop` is set,
    reconnecting with backoff, resuming from the stored cursor."""

    platform: str
    feed: str

    async def listen(
        self, stop: asyncio.Event, *, sink: MentionSink, cursors: CursorStore
    ) -> None: ...


class MentionSource(Protocol):
    """Inbound half for polled feeds: fetch what citizens posted since the stored cursor."""

    platform: str
    account: str

    async def fetch_since(self, cursor: str | None) -> MentionPage: ...


class ReplyPublisher(Protocol):
    """Outbound half: answer a citizen in their thread, at most once per idempotency key."""

    platform: str
    max_length: int  # the notifier fits its words to this; longer text is refused, not cut

    def length(self, text: str) -> int:
        """How the platform counts text against max_length (X weighs, Mastodon counts links
        as 23)."""
        ...

    async def reply(
        self,
        *,
        from_account: str,
        in_reply_to: str,
        text: str,
        idempotency_key: str,
        visibility: str | None = None,
    ) -> PostedReply: ...


def raise_for_platform_status(response: httpx.Response, retry_after: float) -> None:
    """Map an HTTP answer to the error classes above (the caller knows the platform's reset)."""
    if response.status_code == 429:
        raise RateLimited(retry_after)
    if response.status_code >= 500:
        raise TransientPlatformError(f"{response.request.url.path}: HTTP {response.status_code}")
    if response.status_code >= 400:
        raise RejectedByPlatform(
            f"{response.request.url.path}: HTTP {response.status_code}: {response.text[:200]}"
        )
