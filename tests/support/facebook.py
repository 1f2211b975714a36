"""A fake Graph API and Heard's webhook receiver, each served by uvicorn in a thread."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from pydantic import SecretStr
from pyfacebook import GraphAPI

from fakes.facebook import DEFAULT_APP_SECRET, SEED_PAGES, create_app, page_for, user_for
from platforms.facebook.api import GraphApi
from platforms.facebook.config import FacebookPage, FacebookSettings
from platforms.facebook.webhooks import create_facebook_webhook_router
from shared.events.mention import Mention
from tests.support.mastodon import serve_in_thread

VERIFY_TOKEN = "heard-verify-token"


@dataclass
class FakeFacebook:
    """A running fake: pyfacebook clients acting as Pages or citizens, and the control API."""

    base_url: str

    def client(self, token: str, **kwargs: Any) -> GraphAPI:
        """pyfacebook's GraphAPI pointed at the fake (it takes base_url; facebook-sdk cannot)."""
        kwargs.setdefault("sleep_on_rate_limit", False)
        return GraphAPI(access_token=token, base_url=self.base_url + "/", version="v25.0", **kwargs)

    def page(self, handle: str, **kwargs: Any) -> GraphAPI:
        return self.client(page_for(handle).token, **kwargs)

    def citizen(self, name: str, **kwargs: Any) -> GraphAPI:
        return self.client(user_for(name).token, **kwargs)

    def control(self, path: str, body: dict[str, Any] | None = None) -> Any:
        response = httpx.post(f"{self.base_url}/_fake/{path}", json=body or {}, timeout=20)
        response.raise_for_status()
        return response.json()

    def settle(self) -> None:
        """Wait until webhook deliveries in flight (and their retries) are done."""
        self.control("webhooks/settle")

    def deliveries(self) -> list[dict[str, Any]]:
        return httpx.get(f"{self.base_url}/_fake/deliveries").json()

    def objects(self) -> dict[str, list[dict[str, Any]]]:
        return httpx.get(f"{self.base_url}/_fake/objects").json()

    def settings(self, **overrides: Any) -> FacebookSettings:
        """Heard's settings for every seeded Page, pointed at this fake."""
        pages = {
            p.handle: FacebookPage(page_id=p.page_id, page_token=SecretStr(p.token))
            for p in SEED_PAGES
        }
        values: dict[str, Any] = {
            "graph_url": self.base_url,
            "app_secret": DEFAULT_APP_SECRET,
            "verify_token": VERIFY_TOKEN,
            "pages": pages,
        }
        return FacebookSettings(**{**values, **overrides})


@dataclass
class RecordingSink:
    """Ingest's sink in memory: records each call, dedups by id, can be told to fail."""

    calls: list[tuple[str, list[Mention]]] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)
    fail_next: int = 0

    async def __call__(self, mentions: Sequence[Mention], feed: str) -> int:
        if self.fail_next > 0:
            self.fail_next -= 1
            raise RuntimeError("broker down")
        self.calls.append((feed, list(mentions)))
        new = [m for m in mentions if m.id not in self.seen]
        self.seen.update(m.id for m in new)
        return len(new)

    @property
    def mentions(self) -> list[Mention]:
        return [m for _, batch in self.calls for m in batch]

    def clear(self) -> None:
        self.calls.clear()
        self.seen.clear()
        self.fail_next = 0


@dataclass
class Receiver:
    """Heard's webhook router served for real, with the sink it feeds."""

    base_url: str
    sink: RecordingSink

    @property
    def callback_url(self) -> str:
        return f"{self.base_url}/webhooks/facebook"


def receiver_app(settings: FacebookSettings, sink: RecordingSink) -> FastAPI:
    """A FastAPI app with only the Facebook webhook router, its Graph client closed on exit."""
    http = httpx.AsyncClient(timeout=5.0)
    graph = GraphApi.from_settings(http, settings)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> Any:
        yield
        await http.aclose()

    app = FastAPI(lifespan=lifespan)
    app.include_router(create_facebook_webhook_router(settings, sink, graph))
    return app


@pytest.fixture(scope="module")
def running_facebook() -> Iterator[FakeFacebook]:
    # Short retry gaps: a refused delivery comes back within the test's time.
    server, thread, base_url = serve_in_thread(create_app(retry_delays=(0.2, 0.4)))
    try:
        yield FakeFacebook(base_url)
    finally:
        server.should_exit = True
        thread.join(timeout=5)


@pytest.fixture
def facebook(running_facebook: FakeFacebook) -> FakeFacebook:
    running_facebook.control("reset")
    return running_facebook


@pytest.fixture(scope="module")
def running_receiver(running_facebook: FakeFacebook) -> Iterator[Receiver]:
    sink = RecordingSink()
    app = receiver_app(running_facebook.settings(), sink)
    server, thread, base_url = serve_in_thread(app)
    try:
        yield Receiver(base_url, sink)
    finally:
        server.should_exit = True
        thread.join(timeout=5)


@pytest.fixture
def receiver(facebook: FakeFacebook, running_receiver: Receiver) -> Receiver:
    """A clean sink, and the fake's app webhook pointed at it (every Page subscribed)."""
    running_receiver.sink.clear()
    facebook.control(
        "webhooks", {"callback_url": running_receiver.callback_url, "verify_token": VERIFY_TOKEN}
    )
    return running_receiver
