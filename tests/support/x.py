"""A fake X served for real by uvicorn in a thread, with tweepy clients pointed at it.

tweepy hard-codes https://api.twitter.com in Client.request and StreamingClient._connect,
so the clients here mount a requests transport adapter on their session that rewrites that
prefix to the fake's base URL: no tweepy internals are patched, and both the REST client
and the streaming client (which share the `session` attribute) go to the fake.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
import requests
import tweepy
from fastapi import FastAPI, Request
from pydantic import SecretStr
from requests.adapters import HTTPAdapter

from fakes.x import APP_BEARER_TOKEN, CONSUMER_SECRET, create_app
from fakes.x.seed import token_for, user_id_for
from fakes.x.webhooks import signature
from platforms.x.config import XAccount, XSettings
from services.ingest.handlers import ingest_mention
from shared.events.envelope import Event
from shared.events.mention import Mention
from tests.support.mastodon import serve_in_thread

TWEEPY_HOST = "https://api.twitter.com"
STREAM_KEEPALIVE_S = 0.3


class RedirectToFake(HTTPAdapter):
    """Sends requests for tweepy's hard-coded host to the fake instead."""

    def __init__(self, base_url: str) -> None:
        super().__init__()
        self.base_url = base_url

    def send(  # type: ignore[override]
        self, request: requests.PreparedRequest, **kwargs: Any
    ) -> requests.Response:
        assert request.url is not None
        request.url = self.base_url + request.url[len(TWEEPY_HOST) :]
        return super().send(request, **kwargs)


@dataclass
class FakeX:
    """A running fake: its base URL, tweepy client factories and the control API."""

    base_url: str

    def point(self, client: Any) -> Any:
        """Make a tweepy Client or StreamingClient talk to the fake."""
        client.session.mount(TWEEPY_HOST, RedirectToFake(self.base_url))
        return client

    def client(self, username: str | None = None, **kwargs: Any) -> tweepy.Client:
        """tweepy.Client with a user's OAuth2 token (call methods with user_auth=False),
        or the app bearer token when no username is given."""
        token = token_for(username) if username else APP_BEARER_TOKEN
        return self.point(tweepy.Client(bearer_token=token, **kwargs))

    def control(self, path: str, body: dict[str, Any] | None = None) -> Any:
        response = httpx.post(f"{self.base_url}/_fake/{path}", json=body or {})
        response.raise_for_status()
        return response.json()

    def post(self, username: str, text: str, **extra: Any) -> dict[str, Any]:
        """Post as a user through the control API (geo and media allowed)."""
        return self.control("posts", {"as": username, "text": text, **extra})

    def posts(self) -> list[dict[str, Any]]:
        return httpx.get(f"{self.base_url}/_fake/posts").json()

    def stream_connected(self) -> bool:
        return bool(httpx.get(f"{self.base_url}/_fake/stream").json()["connected"])

    def deliveries(self) -> list[dict[str, Any]]:
        return httpx.get(f"{self.base_url}/_fake/deliveries").json()

    def get(self, path: str, token: str = APP_BEARER_TOKEN, **params: Any) -> httpx.Response:
        headers = {"Authorization": f"Bearer {token}"}
        return httpx.get(f"{self.base_url}{path}", headers=headers, params=params)

    @staticmethod
    def user_id(username: str) -> str:
        return user_id_for(username)


@pytest.fixture(scope="module")
def running_fake_x() -> Iterator[FakeX]:
    server, thread, base_url = serve_in_thread(create_app(stream_keepalive_s=STREAM_KEEPALIVE_S))
    try:
        yield FakeX(base_url)
    finally:
        server.should_exit = True
        thread.join(timeout=5)


@pytest.fixture
def fake_x(running_fake_x: FakeX) -> FakeX:
    running_fake_x.control("reset")
    return running_fake_x


@contextmanager
def serving(app: Any) -> Iterator[str]:
    """Serve an ASGI app on a free port for the duration; yields its base URL."""
    server, thread, base_url = serve_in_thread(app)
    try:
        yield base_url
    finally:
        server.should_exit = True
        thread.join(timeout=5)


@dataclass
class WebhookReceiver:
    """A stand-in webhook consumer: answers the CRC with `secret`, records every delivery."""

    secret: str
    deliveries: list[tuple[bytes, str | None]] = field(default_factory=list)

    def app(self) -> FastAPI:
        app = FastAPI()

        @app.get("/hook")
        async def crc(crc_token: str) -> dict[str, str]:
            return {"response_token": signature(self.secret, crc_token.encode())}

        @app.post("/hook")
        async def deliver(request: Request) -> dict[str, bool]:
            header = request.headers.get("x-twitter-webhooks-signature")
            self.deliveries.append((await request.body(), header))
            return {"ok": True}

        return app


ACCOUNTS = ("TfL", "CityWestminster", "MonmouthshireCC")


class MemoryLedger:
    """The ingest repository's surface, in memory: cursors and published posts."""

    def __init__(self) -> None:
        self.cursors: dict[str, str] = {}
        self.published: set[tuple[str, str]] = set()

    async def cursor(self, feed: str) -> str | None:
        return self.cursors.get(feed)

    async def save_cursor(self, feed: str, cursor: str) -> None:
        self.cursors[feed] = cursor

    async def was_published(self, platform: str, platform_id: str) -> bool:
        return (platform, platform_id) in self.published

    async def mark_published(
        self, *, platform: str, platform_id: str, report_id: str, feed: str
    ) -> None:
        self.published.add((platform, platform_id))


class IngestSink:
    """A MentionSink doing what ingest does: publish each post id once, remember the feed."""

    def __init__(self) -> None:
        self.ledger = MemoryLedger()
        self.calls: list[tuple[list[str], str]] = []
        self.published: list[Mention] = []

    async def __call__(self, mentions: Sequence[Mention], feed: str) -> int:
        self.calls.append(([m.id for m in mentions], feed))

        async def publish(event: Event) -> None:
            self.published.append(event.payload)  # type: ignore[arg-type]

        new = 0
        for mention in mentions:
            new += await ingest_mention(
                mention,
                feed=feed,
                repository=self.ledger,  # type: ignore[arg-type]
                publish=publish,
            )
        return new


def settings_for(fake: FakeX, **overrides: object) -> XSettings:
    """XSettings pointing at the fake, for ACCOUNTS, with small pages (5) to force paging."""
    return XSettings(
        base_url=fake.base_url,
        app_bearer_token=SecretStr(APP_BEARER_TOKEN),
        consumer_secret=SecretStr(CONSUMER_SECRET),
        accounts={
            h: XAccount(user_id=FakeX.user_id(h), user_token=SecretStr(token_for(h)))
            for h in ACCOUNTS
        },
        page_size=5,
        **overrides,  # type: ignore[arg-type]
    )


async def until(probe: Callable[[], object], within: float) -> None:
    """Wait until probe() is truthy; fail after `within` seconds."""
    deadline = time.monotonic() + within
    while not probe():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.05)
