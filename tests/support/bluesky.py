"""A fake Bluesky served for real by uvicorn in a thread, with atproto and Jetstream helpers."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest
from atproto import Client

from fakes.bluesky import create_app, seed_account
from tests.support.mastodon import serve_in_thread


@dataclass
class FakeBluesky:
    """A running fake: its URLs, an atproto client factory and the control API."""

    base_url: str

    @property
    def jetstream_url(self) -> str:
        """ws://host:port/subscribe."""
        return self.base_url.replace("http://", "ws://", 1) + "/subscribe"

    def subscribe_url(self, **params: Any) -> str:
        """The Jetstream URL with query parameters (lists repeat the key)."""
        query = urlencode(params, doseq=True)
        return f"{self.jetstream_url}?{query}" if query else self.jetstream_url

    def client(self, name: str) -> Client:
        """An atproto Client logged in as a seeded account (short name or handle)."""
        account = seed_account(name)
        client = Client(base_url=f"{self.base_url}/xrpc")
        client.login(account.handle, account.password)
        return client

    def control(self, path: str, body: dict[str, Any] | None = None) -> Any:
        response = httpx.post(f"{self.base_url}/_fake/{path}", json=body or {})
        response.raise_for_status()
        return response.json()

    def posts(self) -> list[dict[str, Any]]:
        return httpx.get(f"{self.base_url}/_fake/posts").json()

    def connections(self) -> list[dict[str, Any]]:
        return httpx.get(f"{self.base_url}/_fake/jetstream/connections").json()

    def xrpc(
        self, method: str, nsid: str, token: str | None = None, **kwargs: Any
    ) -> httpx.Response:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return httpx.request(method, f"{self.base_url}/xrpc/{nsid}", headers=headers, **kwargs)


def decode(message: str | bytes) -> dict[str, Any]:
    """One Jetstream message as a dict."""
    event: dict[str, Any] = json.loads(message)
    return event


@pytest.fixture(scope="module", name="running_bluesky")
def running_bluesky_fixture() -> Iterator[FakeBluesky]:
    """One fake per test module (imported under another name so tests may say `bluesky`)."""
    server, thread, base_url = serve_in_thread(create_app())
    try:
        yield FakeBluesky(base_url)
    finally:
        server.should_exit = True
        thread.join(timeout=5)


@pytest.fixture(name="bluesky")
def bluesky_fixture(running_bluesky: FakeBluesky) -> FakeBluesky:
    """The module's running fake, reset for this test."""
    running_bluesky.control("reset")
    return running_bluesky
