"""Bluesky inbound: Jetstream v1 posts that mention an official account, as Mentions.

Jetstream cannot filter by mentioned DID (wantedDids filters authors), so the stream asks for
every app.bsky.feed.post and keeps, client-side, posts whose mention facets name a watched
DID or whose text carries a watched @handle. The cursor is the time_us of the last event
handled: saved after the sink returns for a mention, every few seconds otherwise, and
rewound a few seconds on reconnect (the sink deduplicates by post URI).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import random
import re
import time
from collections.abc import Mapping
from typing import Any, Protocol
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import websockets
from pydantic import ValidationError

from platforms.base import CursorStore, MentionSink, PlatformError
from platforms.bluesky.config import BlueskyAccount
from platforms.bluesky.normalise import POST, facet_text, mention_facets, to_mention
from shared.events.mention import Author, Mention

log = logging.getLogger(__name__)
CACHE_SIZE = 10_000


def _as_time_us(stored: str | None) -> int | None:
    """A stored cursor as time_us; anything unreadable means live tail rather than a crash."""
    try:
        return int(stored) if stored else None
    except ValueError:
        log.warning("ignoring unreadable Jetstream cursor %r", stored)
        return None


class ProfileLookup(Protocol):
    """What resolving DIDs to handles needs (BlueskyApi provides it)."""

    async def get_profile(self, actor: str) -> dict[str, Any]: ...


class BlueskyJetstream:
    """Listens to one Jetstream v1 socket for every watched official account."""

    platform = "bluesky"

    def __init__(
        self,
        *,
        jetstream_url: str,
        accounts: Mapping[str, BlueskyAccount],
        profiles: ProfileLookup | None = None,
        cdn_url: str = "https://cdn.bsky.app",
        rewind_s: float = 5.0,
        backoff_initial_s: float = 0.5,
        backoff_max_s: float = 30.0,
        checkpoint_s: float = 5.0,
        feed: str = "bluesky:jetstream",
    ) -> None:
        self.feed = feed
        self.jetstream_url = jetstream_url
        self.profiles = profiles
        self.cdn_url = cdn_url
        self.rewind_us = int(rewind_s * 1_000_000)
        self.backoff_initial_s, self.backoff_max_s = backoff_initial_s, backoff_max_s
        self.checkpoint_s = checkpoint_s
        self.watched = {a.did: official for official, a in accounts.items()}
        self._official = {a.did: (a.handle.lower(), None) for a in accounts.values()}
        self._handles: dict[str, tuple[str, str | None]] = {}  # other DIDs, bounded
        self._text_handles = [
            (official, re.compile(rf"(?<![\w@])@{re.escape(a.handle)}(?![\w-]|\.\w)", re.I))
            for official, a in accounts.items()
        ]
        self.position: int | None = None
        self._saved: int | None = None
        self._saved_at = 0.0
        self._healthy = False

    def url(self, cursor: int | None) -> str:
        """The subscribe URL: posts only, JSON, from `cursor` (time_us) if given."""
        parts = urlsplit(self.jetstream_url)
        query = [(k, v) for k, v in parse_qsl(parts.query) if k not in ("cursor", "compress")]
        if not any(k == "wantedCollections" for k, _ in query):
            query.append(("wantedCollections", POST))
        if cursor is not None:
            query.append(("cursor", str(cursor)))
        return urlunsplit(parts._replace(query=urlencode(query)))

    async def listen(self, stop: asyncio.Event, *, sink: MentionSink, cursors: CursorStore) -> None:
        """Follow Jetstream until `stop` is set, reconnecting with backoff and resuming."""
        loaded = False
        backoff = self.backoff_initial_s
        while not stop.is_set():
            self._healthy = False
            try:
                if not loaded:
                    self.position = self._saved = _as_time_us(await cursors.cursor(self.feed))
                    if self.position is None:
                        # First start: from the moment ingest started, not from whenever the
                        # socket happens to open, so a post made in between is not missed.
                        self.position = int(time.time() * 1_000_000)
                    loaded = True
                cursor = None if self.position is None else max(0, self.position - self.rewind_us)
                await self._connection(stop, self.url(cursor), sink, cursors)
            except (OSError, TimeoutError, websockets.WebSocketException, PlatformError) as error:
                log.warning("%s: Jetstream connection lost (%s)", self.feed, error)
            except Exception:  # noqa: BLE001 - ingest's sink or cursor table failed: retry
                log.exception("%s: handing mentions to ingest failed", self.feed)
            if stop.is_set():
                break
            # A connection that delivered anything was healthy: reconnect promptly after it.
            backoff = (
                self.backoff_initial_s if self._healthy else min(backoff * 2, self.backoff_max_s)
            )
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=backoff * random.uniform(0.5, 1.0))
        if loaded:
            await self._checkpoint(cursors, force=True)

    async def _connection(
        self, stop: asyncio.Event, url: str, sink: MentionSink, cursors: CursorStore
    ) -> None:
        """One socket's life, until it closes or `stop` is set."""
        async with websockets.connect(url, open_timeout=10, max_size=4 * 2**20) as socket:
            closer = asyncio.create_task(self._close_on(stop, socket))
            try:
                async for message in socket:
                    self._healthy = True
                    try:
                        event = json.loads(message)
                    except ValueError:
                        continue  # not JSON: nothing to hand on, nothing to resume from
                    if isinstance(event, dict):
                        await self._handle(event, sink, cursors)
            finally:
                closer.cancel()

    @staticmethod
    async def _close_on(stop: asyncio.Event, socket: Any) -> None:
        await stop.wait()
        await socket.close()

    async def _handle(self, event: dict[str, Any], sink: MentionSink, cursors: CursorStore) -> None:
        time_us = event.get("time_us")
        if event.get("kind") == "identity":
            identity = event.get("identity") or {}
            if identity.get("handle") and event.get("did") in self._handles:
                # A handle change: keep the cache right without another profile lookup.
                self._remember(event["did"], identity["handle"], self._handles[event["did"]][1])
        mention = await self._mention_in(event)
        if mention is not None:
            await sink([mention], self.feed)
        if isinstance(time_us, int):
            self.position = max(self.position or 0, time_us)
            await self._checkpoint(cursors, force=mention is not None)

    async def _checkpoint(self, cursors: CursorStore, *, force: bool) -> None:
        """Store the position after a mention, or every few seconds for the rest of the feed."""
        if self.position is None or self.position == self._saved:
            return
        if force or time.monotonic() - self._saved_at >= self.checkpoint_s:
            await cursors.save_cursor(self.feed, str(self.position))
            self._saved, self._saved_at = self.position, time.monotonic()

    def addressed(self, record: dict[str, Any]) -> str | None:
        """The first watched official account the post mentions (facet first, then text)."""
        for _, _, did in mention_facets(record):
            if did in self.watched:
                return self.watched[did]
        text = str(record.get("text", ""))
        hits = [(m.start(), name) for name, rx in self._text_handles if (m := rx.search(text))]
        return min(hits)[1] if hits else None

    async def _mention_in(self, event: dict[str, Any]) -> Mention | None:
        commit = event.get("commit") or {}
        if (
            event.get("kind") != "commit"
            or commit.get("operation") != "create"
            or commit.get("collection") != POST
            or event.get("did") in self.watched
        ):
            return None  # official accounts' own posts (our replies) are never reports
        record = commit.get("record") or {}
        received_by = self.addressed(record)
        if received_by is None:
            return None
        try:
            handle, display_name = await self._profile(event["did"])
            author = Author(id=event["did"], handle=handle, display_name=display_name)
            return to_mention(
                event,
                author=author,
                mentions=await self._mentions(record),
                received_by=received_by,
                cdn_url=self.cdn_url,
            )
        except (KeyError, TypeError, ValueError, ValidationError) as error:
            # A malformed record would be replayed forever after each reconnect: skip it.
            log.warning("%s: skipping malformed post %s (%s)", self.feed, event.get("did"), error)
            return None

    async def _mentions(self, record: dict[str, Any]) -> list[str]:
        text = str(record.get("text", ""))
        found: list[str] = []
        for start, end, did in mention_facets(record):
            written = facet_text(text, start, end).lstrip("@")
            handle, _ = await self._profile(did, fallback=written or did)
            found.append("@" + handle)
        for _, rx in self._text_handles:
            match = rx.search(text)
            if match and match.group(0).lower() not in (f.lower() for f in found):
                found.append(match.group(0))
        return found

    async def _profile(self, did: str, fallback: str | None = None) -> tuple[str, str | None]:
        """(handle, display name) of a DID from the cache or app.bsky.actor.getProfile."""
        known = self._official.get(did) or self._handles.get(did)
        if known is not None:
            return known
        if self.profiles is not None:
            try:
                profile = await self.profiles.get_profile(did)
                return self._remember(did, profile["handle"], profile.get("displayName") or None)
            except (PlatformError, KeyError) as error:
                log.warning("%s: no profile for %s (%s)", self.feed, did, error)
        return (fallback or did, None)  # not cached: the next post tries the lookup again

    def _remember(self, did: str, handle: str, display_name: str | None) -> tuple[str, str | None]:
        if len(self._handles) >= CACHE_SIZE:
            self._handles.pop(next(iter(self._handles)))
        self._handles[did] = (handle.lower(), display_name)
        return self._handles[did]
