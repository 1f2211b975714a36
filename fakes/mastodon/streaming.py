"""The streaming API's user stream as server-sent events: `event: notification` frames and
`:thump` heartbeats, as Mastodon sends them (GET /api/v1/streaming/user[/notification])."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator

from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse

from fakes.mastodon import entities
from fakes.mastodon.models import Notification
from fakes.mastodon.web import require_account

HEARTBEAT_S = 5.0


def streaming_router() -> APIRouter:
    router = APIRouter()

    async def stream(request: Request) -> StreamingResponse:
        account = require_account(request)
        store = request.app.state.store
        loop = asyncio.get_running_loop()
        queue: asyncio.Queue[Notification] = asyncio.Queue()

        def deliver(notification: Notification) -> None:
            # Statuses are posted from request handlers on this loop or from other threads.
            loop.call_soon_threadsafe(queue.put_nowait, notification)

        listener = (account.id, deliver)
        store.listeners.append(listener)
        heartbeat = getattr(request.app.state, "stream_heartbeat_s", HEARTBEAT_S)

        async def frames() -> AsyncIterator[bytes]:
            try:
                yield b":)\n"
                while True:
                    try:
                        notification = await asyncio.wait_for(queue.get(), timeout=heartbeat)
                    except TimeoutError:
                        yield b":thump\n"
                        continue
                    data = json.dumps(entities.notification_json(store, notification, account))
                    yield f"event: notification\ndata: {data}\n\n".encode()
            finally:
                store.listeners.remove(listener)

        return StreamingResponse(frames(), media_type="text/event-stream")

    router.add_api_route("/api/v1/streaming/user", stream, methods=["GET"])
    router.add_api_route("/api/v1/streaming/user/notification", stream, methods=["GET"])
    return router
