"""Mastodon inbound, pushed: the user stream's notifications (server-sent events), with a
catch-up through the notifications API on every (re)connect so a gap never loses a post."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import random

import httpx

from platforms.base import CursorStore, MentionSink, RateLimited
from platforms.mastodon.api import seconds_until_reset
from platforms.mastodon.inbound import MastodonMentionSource, status_to_mention

log = logging.getLogger(__name__)


class MastodonUserStream:
    """One official account's user stream; its cursor is the same as the poller's."""

    platform = "mastodon"

    def __init__(
        self,
        http: httpx.AsyncClient,
        base_url: str,
        token: str,
        source: MastodonMentionSource,
        *,
        silence_timeout_s: float = 60.0,
        backoff_max_s: float = 60.0,
    ) -> None:
        self.http = http
        self.url = base_url.rstrip("/") + "/api/v1/streaming/user/notification"
        self.headers = {"Authorization": f"Bearer {token}", "Accept": "text/event-stream"}
        self.source = source
        self.feed = f"mastodon:{source.account}"
        self.silence_timeout_s = silence_timeout_s
        self.backoff_max_s = backoff_max_s

    async def listen(self, stop: asyncio.Event, *, sink: MentionSink, cursors: CursorStore) -> None:
        """Catch up, then follow the stream until stopped; reconnect with backoff."""
        backoff = 1.0
        while not stop.is_set():
            reader = asyncio.create_task(self._session(sink, cursors))
            stopper = asyncio.create_task(stop.wait())
            done, _ = await asyncio.wait({reader, stopper}, return_when=asyncio.FIRST_COMPLETED)
            stopper.cancel()
            if reader not in done:
                reader.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await reader
                return
            error = reader.exception()
            wait = backoff * random.uniform(0.5, 1.0)
            if isinstance(error, RateLimited):
                wait = max(wait, error.retry_after)
            log.warning("%s: stream ended (%s); reconnecting in %.1fs", self.feed, error, wait)
            backoff = min(backoff * 2, self.backoff_max_s)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=wait)

    async def _session(self, sink: MentionSink, cursors: CursorStore) -> None:
        # Whatever arrived while disconnected comes through the API first.
        page = await self.source.fetch_since(await cursors.cursor(self.feed))
        await sink(page.mentions, self.feed)
        if page.cursor:
            await cursors.save_cursor(self.feed, page.cursor)
        timeout = httpx.Timeout(10.0, read=self.silence_timeout_s)
        async with self.http.stream("GET", self.url, headers=self.headers, timeout=timeout) as r:
            if r.status_code == 429:
                raise RateLimited(seconds_until_reset(r))
            r.raise_for_status()
            event = None
            async for line in r.aiter_lines():
                if line.startswith("event:"):
                    event = line[6:].strip()
                elif line.startswith("data:") and event == "notification":
                    await self._notification(json.loads(line[5:]), sink, cursors)
                elif not line:
                    event = None

    async def _notification(self, data: dict, sink: MentionSink, cursors: CursorStore) -> None:
        if data.get("type") != "mention" or not data.get("status"):
            return
        mention = status_to_mention(data["status"], received_by=self.source.account)
        await sink([mention], self.feed)
        current = await cursors.cursor(self.feed)
        if current is None or int(data["id"]) > int(current):
            await cursors.save_cursor(self.feed, str(data["id"]))
