"""X filtered stream as a MentionStream, with timeline backfill for what the stream missed.

The stream has no cursor: a post created while Heard was disconnected is never sent. So
after every (re)connection the mentions timeline of each account is read from its stored
cursor (the same "x:<handle>" feed the poller uses) and the cursor moves only with those
backfills. Overlap between backfill and stream is normal: ingest deduplicates by post id,
and sink calls are serialised so the two never race on one id.

Reconnects follow X's guidance: at once after a clean disconnect, linear-ish backoff for
network errors, exponential up to stream_backoff_max_s for HTTP errors, and a 429's own
reset. A stream silent for longer than the keep-alive timeout (20 s) is dropped. Only one
connection per app: a second Heard instance would kick this one off, and vice versa.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import random
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import httpx

from platforms.base import (
    CursorStore,
    MentionSink,
    RateLimited,
    RejectedByPlatform,
    TransientPlatformError,
)
from platforms.x.api import XApi
from platforms.x.normalise import post_to_mention
from shared.events.mention import Mention

if TYPE_CHECKING:  # only for annotations: inbound re-exports this module
    from platforms.x.inbound import XMentionTimelineSource

log = logging.getLogger(__name__)
RULE_TAG = "heard"
MAX_RULE_LENGTH = 512  # the smallest tier's rule length: fits every access level


def rules_for(handles: Sequence[str]) -> list[str]:
    """ "@a OR @b ..." rules covering every handle, each within MAX_RULE_LENGTH."""
    rules: list[str] = []
    for handle in sorted(handles, key=str.lower):
        term = "@" + handle
        if rules and len(rules[-1]) + len(" OR ") + len(term) <= MAX_RULE_LENGTH:
            rules[-1] += " OR " + term
        else:
            rules.append(term)
    return rules


async def _sleep_unless_stopped(stop: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), timeout=seconds)


class XFilteredStream:
    """Listens to the app's filtered stream for @mentions of the official accounts."""

    platform = "x"
    feed = "x:stream"

    def __init__(
        self,
        app_api: XApi,
        accounts: Mapping[str, str],
        backfill: Sequence[XMentionTimelineSource] = (),
        *,
        keepalive_timeout_s: float = 20.0,
        backoff_initial_s: float = 1.0,
        backoff_max_s: float = 320.0,
    ) -> None:
        self.app_api = app_api
        self.accounts = dict(accounts)  # handle -> user id
        self.backfill = list(backfill)
        self.keepalive_timeout_s = keepalive_timeout_s
        self.backoff_initial_s = backoff_initial_s
        self.backoff_max_s = backoff_max_s
        self.connected = asyncio.Event()  # set while a connection is open (tests, health)
        self._sink_lock = asyncio.Lock()
        self._by_lower = {h.lower(): h for h in self.accounts}

    async def ensure_rules(self) -> None:
        """Make the app's Heard-tagged rules exactly the ones covering our handles."""
        wanted = set(rules_for(list(self.accounts)))
        current = [r for r in await self.app_api.stream_rules() if r.get("tag") == RULE_TAG]
        stale = [r["id"] for r in current if r["value"] not in wanted]
        missing = wanted - {r["value"] for r in current}
        if stale:
            await self.app_api.change_stream_rules({"delete": {"ids": stale}})
        if missing:
            add = [{"value": v, "tag": RULE_TAG} for v in sorted(missing)]
            await self.app_api.change_stream_rules({"add": add})

    async def listen(self, stop: asyncio.Event, *, sink: MentionSink, cursors: CursorStore) -> None:
        """Stream until stop is set, reconnecting and backfilling as the module describes."""
        backoff = self.backoff_initial_s
        rules_ready = False
        while not stop.is_set():
            try:
                if not rules_ready:
                    await self.ensure_rules()
                    rules_ready = True
                await self._connection(stop, sink, cursors)
                backoff = self.backoff_initial_s
                wait = self.backoff_initial_s  # a clean disconnect: come straight back
            except RateLimited as error:
                wait = max(error.retry_after, backoff)
                backoff = min(backoff * 2, self.backoff_max_s)
                log.warning("x stream rate limited; reconnecting in %.1fs", wait)
            except (TransientPlatformError, RejectedByPlatform) as error:
                wait = backoff * random.uniform(0.5, 1.0)
                backoff = min(backoff * 2, self.backoff_max_s)
                log.warning("x stream failed (%s); reconnecting in %.1fs", error, wait)
            except Exception:  # noqa: BLE001 - the sink (broker, database) failed: keep listening
                wait = backoff
                backoff = min(backoff * 2, self.backoff_max_s)
                log.exception("x stream handling failed; reconnecting in %.1fs", wait)
            finally:
                self.connected.clear()
            await _sleep_unless_stopped(stop, wait)

    async def _connection(
        self, stop: asyncio.Event, sink: MentionSink, cursors: CursorStore
    ) -> None:
        async with self.app_api.stream(read_timeout=self.keepalive_timeout_s) as response:
            self.connected.set()
            # Connected first, then backfill: nothing falls between the two.
            tasks = {
                asyncio.create_task(self._read(response, sink)),
                asyncio.create_task(stop.wait()),
            }
            backfill = asyncio.create_task(self._backfill(stop, sink, cursors))
            try:
                done, _ = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
            finally:
                for task in (*tasks, backfill):
                    task.cancel()
                await asyncio.gather(*tasks, backfill, return_exceptions=True)
            for task in done:
                task.result()  # a reader failure propagates to listen()

    async def _read(self, response: httpx.Response, sink: MentionSink) -> None:
        async for line in response.aiter_lines():
            if not line.strip():
                continue  # keep-alive
            item: dict[str, Any] = json.loads(line)
            if "data" not in item:
                log.warning("x stream message: %s", item.get("errors"))
                if any("disconnect" in str(e.get("title", "")) for e in item.get("errors", [])):
                    return
                continue
            mention = self._mention(item)
            if mention is not None:
                async with self._sink_lock:
                    await sink([mention], f"x:{mention.received_by}")

    def _mention(self, item: dict[str, Any]) -> Mention | None:
        post = item["data"]
        names = [m["username"] for m in (post.get("entities") or {}).get("mentions", [])]
        handle = next(
            (self._by_lower[n.lower()] for n in names if n.lower() in self._by_lower), None
        )
        if handle is None or post.get("author_id") == self.accounts[handle]:
            return None
        return post_to_mention(post, item.get("includes") or {}, received_by=handle)

    async def _backfill(self, stop: asyncio.Event, sink: MentionSink, cursors: CursorStore) -> None:
        for source in self.backfill:
            feed = f"{source.platform}:{source.account}"
            backoff = self.backoff_initial_s
            while not stop.is_set():
                try:
                    page = await source.fetch_since(await cursors.cursor(feed))
                    async with self._sink_lock:
                        await sink(page.mentions, feed)
                    if page.cursor is not None:
                        await cursors.save_cursor(feed, page.cursor)
                    break
                except RateLimited as error:
                    await _sleep_unless_stopped(stop, max(error.retry_after, backoff))
                except RejectedByPlatform as error:
                    log.error("x backfill of %s refused (%s); skipped until reconnect", feed, error)
                    break
                except Exception as error:  # noqa: BLE001 - X or the sink failed: try again
                    log.warning("x backfill of %s failed (%s)", feed, error)
                    await _sleep_unless_stopped(stop, backoff)
                    backoff = min(backoff * 2, self.backoff_max_s)
