"""The filtered stream: one connection per app, rules matched per post, keep-alives.

A new connection kicks the old one off (it gets an operational-disconnect error line and
its stream ends). Matching posts are sent as {"data", "includes", "matching_rules"} lines
ending in \\r\\n; a bare \\r\\n keep-alive goes out every `keepalive_s` seconds of silence.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

from fakes.x import query
from fakes.x.fields import Fields
from fakes.x.models import Post, Rule
from fakes.x.render import includes_json, post_json
from fakes.x.store import Store

KICKED = "kicked"
DISCONNECT_LINE = {
    "errors": [
        {
            "title": "operational-disconnect",
            "disconnect_type": "UpstreamOperationalDisconnect",
            "detail": "This stream has been disconnected upstream for operational reasons.",
            "type": "https://api.twitter.com/2/problems/operational-disconnect",
        }
    ]
}


class Connection:
    """One open stream: its queue of (post, rules) items and the fields it asked for."""

    def __init__(self, fields: Fields, loop: asyncio.AbstractEventLoop) -> None:
        self.fields = fields
        self.loop = loop
        self.queue: asyncio.Queue[tuple[Post, list[Rule]] | str] = asyncio.Queue()

    def put(self, item: tuple[Post, list[Rule]] | str) -> None:
        """Enqueue from any thread."""
        self.loop.call_soon_threadsafe(self.queue.put_nowait, item)


class StreamHub:
    """Holds the current connection and feeds it the posts that match the stored rules."""

    def __init__(self, store: Store, keepalive_s: float) -> None:
        self.store = store
        self.keepalive_s = keepalive_s
        self.current: Connection | None = None
        store.listeners.append(self.on_post)

    def connect(self, fields: Fields) -> Connection:
        """Open a connection, kicking the previous one off."""
        connection = Connection(fields, asyncio.get_running_loop())
        if self.current is not None:
            self.current.put(KICKED)
        self.current = connection
        return connection

    def kick(self) -> bool:
        """Disconnect the current connection (a control endpoint), True if there was one."""
        connection, self.current = self.current, None
        if connection is not None:
            connection.put(KICKED)
        return connection is not None

    def on_post(self, post: Post) -> None:
        """Queue the post for the current connection if any rule matches it."""
        connection = self.current
        if connection is None:
            return
        matched = [rule for rule in list(self.store.rules.values()) if self._matches(rule, post)]
        if matched:
            connection.put((post, matched))

    def _matches(self, rule: Rule, post: Post) -> bool:
        def username_of(user_id: str) -> str:
            user = self.store.users.get(user_id)
            return user.username if user else ""

        return query.matches(query.parse(rule.value), post, username_of)

    async def lines(self, connection: Connection) -> AsyncIterator[bytes]:
        """The connection's body: post lines and keep-alives until it is kicked."""
        try:
            while True:
                try:
                    item = await asyncio.wait_for(connection.queue.get(), self.keepalive_s)
                except TimeoutError:
                    yield b"\r\n"
                    continue
                if item == KICKED:
                    yield json.dumps(DISCONNECT_LINE).encode() + b"\r\n"
                    return
                assert not isinstance(item, str)
                yield self._line(connection, *item)
        finally:
            if self.current is connection:
                self.current = None

    def _line(self, connection: Connection, post: Post, rules: list[Rule]) -> bytes:
        body: dict[str, Any] = {"data": post_json(self.store, post, connection.fields.tweet)}
        includes = includes_json(self.store, [post], connection.fields)
        if includes:
            body["includes"] = includes
        # X sends "tag" even for untagged rules (tweepy reads it unconditionally).
        body["matching_rules"] = [{"id": r.id, "tag": r.tag or ""} for r in rules]
        return json.dumps(body).encode() + b"\r\n"
