"""A fake Mastodon served for real by uvicorn in a thread, with a Mastodon.py client factory."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
import uvicorn
from mastodon import Mastodon

from fakes.mastodon import create_app
from fakes.mastodon.seed import token_for


@dataclass
class FakeMastodon:
    """A running fake: its base URL, a Mastodon.py client factory and the control API."""

    base_url: str

    def client(self, username: str, **kwargs: Any) -> Mastodon:
        return self.client_with_token(token_for(username), **kwargs)

    def client_with_token(self, token: str, **kwargs: Any) -> Mastodon:
        return Mastodon(access_token=token, api_base_url=self.base_url, **kwargs)

    def control(self, path: str, body: dict[str, Any] | None = None) -> Any:
        response = httpx.post(f"{self.base_url}/_fake/{path}", json=body or {})
        response.raise_for_status()
        return response.json()

    def statuses(self) -> list[dict[str, Any]]:
        return httpx.get(f"{self.base_url}/_fake/statuses").json()

    def get(self, path: str, token: str, **params: Any) -> httpx.Response:
        headers = {"Authorization": f"Bearer {token}"}
        return httpx.get(f"{self.base_url}{path}", headers=headers, params=params)


def serve_in_thread(app: Any) -> tuple[uvicorn.Server, threading.Thread, str]:
    """Start uvicorn on a free port (port 0) in a daemon thread; return once it listens."""
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the fake Mastodon did not start")
        time.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    return server, thread, f"http://127.0.0.1:{port}"


@pytest.fixture(scope="module")
def running_fake() -> Iterator[FakeMastodon]:
    server, thread, base_url = serve_in_thread(create_app())
    try:
        yield FakeMastodon(base_url)
    finally:
        server.should_exit = True
        thread.join(timeout=5)


@pytest.fixture
def fake(running_fake: FakeMastodon) -> FakeMastodon:
    running_fake.control("reset")
    return running_fake
