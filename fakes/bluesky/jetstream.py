"""Jetstream v1 at GET /subscribe: replay from the in-memory event log after a time_us cursor,
then live; wantedCollections (with NSID prefixes like app.bsky.*), wantedDids,
maxMessageSizeBytes, requireHello and options_update messages. JSON only: compress=true and
`Socket-Encoding: zstd` are refused with HTTP 400, as are malformed filters.
"""

from __future__ import annotations

import asyncio
import bisect
import contextlib
import json
import re
from dataclasses import dataclass, field
from typing import Any

from fastapi import APIRouter, WebSocket, WebSocketDisconnect
from fastapi.responses import JSONResponse

from fakes.bluesky.store import Store

MAX_COLLECTIONS = 100
MAX_DIDS = 10_000
NSID_FILTER_RE = re.compile(r"^[a-zA-Z][a-zA-Z0-9-]*(\.[a-zA-Z0-9-]+)+(\.\*)?$")
SERVICE_RESTART = 1012  # close code sent to sockets dropped via /_fake/jetstream/drop


class FilterError(ValueError):
    """A wantedCollections/wantedDids value Jetstream would refuse."""


@dataclass
class Filters:
    """What one subscriber wants; an empty list means everything."""

    collections: list[str] = field(default_factory=list)
    dids: set[str] = field(default_factory=set)
    max_bytes: int = 0

    @classmethod
    def parse(cls, collections: list[str], dids: list[str], max_bytes: Any = 0) -> Filters:
        """Validate filters as Jetstream does (at most 100 collections, 10,000 DIDs)."""
        if len(collections) > MAX_COLLECTIONS or len(dids) > MAX_DIDS:
            raise FilterError("too many wantedCollections or wantedDids")
        for nsid in collections:
            if not NSID_FILTER_RE.match(nsid):
                raise FilterError(f"invalid collection filter: {nsid}")
        for did in dids:
            if not did.startswith("did:"):
                raise FilterError(f"invalid DID: {did}")
        try:
            size = max(0, int(max_bytes or 0))
        except (TypeError, ValueError):
            raise FilterError("maxMessageSizeBytes must be an integer") from None
        return cls(list(collections), set(dids), size)

    def wants(self, event: dict[str, Any], encoded: str) -> bool:
        """Whether this event goes to the subscriber; identity/account events skip collections."""
        if self.dids and event["did"] not in self.dids:
            return False
        if self.max_bytes and len(encoded.encode()) > self.max_bytes:
            return False
        if event["kind"] != "commit" or not self.collections:
            return True
        collection = event["commit"]["collection"]
        return any(
            collection.startswith(c[:-1]) if c.endswith(".*") else collection == c
            for c in self.collections
        )


class Subscriber:
    """One live socket: sends matching events in log order until the client goes away."""

    def __init__(self, socket: WebSocket, filters: Filters, hello: bool) -> None:
        self.socket = socket
        self.filters = filters
        self.greeted = asyncio.Event()
        if hello:
            self.greeted.set()
        self.wake = asyncio.Event()
        self.dropped = False

    def drop(self) -> None:
        """Ask the sender loop to close this socket (a server restart, for tests)."""
        self.dropped = True
        self.wake.set()

    async def _read_client(self) -> None:
        """Apply options_update messages; return when the client disconnects or misbehaves."""
        while True:
            message = await self.socket.receive()
            if message["type"] == "websocket.disconnect":
                return
            try:
                sent = json.loads(message.get("text") or message.get("bytes") or b"")
                if sent.get("type") != "options_update":
                    continue
                payload = sent.get("payload") or {}
                self.filters = Filters.parse(
                    payload.get("wantedCollections") or [],
                    payload.get("wantedDids") or [],
                    payload.get("maxMessageSizeBytes", 0),
                )
            except (ValueError, AttributeError, TypeError):
                return  # Jetstream disconnects clients that send invalid options
            self.greeted.set()
            self.wake.set()

    async def run(self, store: Store, cursor: int | None) -> None:
        """Replay after the cursor (live tail if absent or in the future), then follow the log."""
        epoch = store.epoch
        times = [e["time_us"] for e in store.events]
        # No cursor: live tail. A cursor from the future lands past the end: live tail too.
        index = len(times) if cursor is None else bisect.bisect_right(times, cursor)
        reader = asyncio.create_task(self._read_client())
        try:
            while not self.dropped:
                if store.epoch != epoch:
                    epoch, index = store.epoch, 0
                signal = store.changed
                while self.greeted.is_set() and index < len(store.events):
                    event = store.events[index]
                    index += 1
                    encoded = json.dumps(event, separators=(",", ":"), ensure_ascii=False)
                    if self.filters.wants(event, encoded):
                        await self.socket.send_text(encoded)
                self.wake.clear()
                waits = {
                    asyncio.ensure_future(signal.wait()),
                    asyncio.ensure_future(self.wake.wait()),
                }
                done, _ = await asyncio.wait(waits | {reader}, return_when=asyncio.FIRST_COMPLETED)
                for task in waits:
                    task.cancel()
                if reader in done:
                    return
            await self.socket.close(code=SERVICE_RESTART, reason="dropped by /_fake/jetstream/drop")
        finally:
            reader.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await reader


def jetstream_router() -> APIRouter:
    """The /subscribe websocket endpoint over the store's event log."""
    router = APIRouter()

    @router.websocket("/subscribe")
    async def subscribe(socket: WebSocket) -> None:
        store: Store = socket.app.state.store
        params = socket.query_params
        compress = params.get("compress", "false").lower() == "true"
        if compress or socket.headers.get("socket-encoding", "").lower() == "zstd":
            await socket.send_denial_response(
                JSONResponse({"error": "the fake Jetstream only speaks JSON (compress=false)"}, 400)
            )
            return
        try:
            filters = Filters.parse(
                params.getlist("wantedCollections"),
                params.getlist("wantedDids"),
                params.get("maxMessageSizeBytes", 0),
            )
            cursor = int(params["cursor"]) if params.get("cursor") else None
        except (FilterError, ValueError) as error:
            await socket.send_denial_response(JSONResponse({"error": str(error)}, 400))
            return
        require_hello = params.get("requireHello", "false").lower() == "true"
        await socket.accept()
        store.connections.append(
            {
                "cursor": cursor,
                "wantedCollections": filters.collections,
                "wantedDids": sorted(filters.dids),
                "requireHello": require_hello,
            }
        )
        subscriber = Subscriber(socket, filters, hello=not require_hello)
        store.subscribers.add(subscriber)
        try:
            await subscriber.run(store, cursor)
        except (WebSocketDisconnect, OSError, RuntimeError):
            pass  # the client went away mid-send
        finally:
            store.subscribers.discard(subscriber)

    return router
