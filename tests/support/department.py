"""The fake departmental system served for real by uvicorn in a thread, with its control API."""

from __future__ import annotations

import asyncio
import base64
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

import httpx

from fakes.department import DepartmentFakeConfig, create_app
from tests.support.mastodon import serve_in_thread

T = TypeVar("T")


def new_secret() -> str:
    """A fresh Standard Webhooks secret."""
    return "whsec_" + base64.b64encode(os.urandom(24)).decode()


@dataclass
class FakeDepartment:
    """A running fake department: its URLs and its /_fake control API."""

    base_url: str

    def hook_url(self, body_id: str, *, duty: bool = False) -> str:
        return f"{self.base_url}/hooks/{body_id}" + ("/duty" if duty else "")

    def open311_url(self, body_id: str) -> str:
        return f"{self.base_url}/open311/{body_id}"

    def received(self, body: str | None = None, channel: str | None = None) -> list[dict[str, Any]]:
        params = {k: v for k, v in {"body": body, "channel": channel}.items() if v}
        return self._get("received", params)

    def actions(self, body: str | None = None) -> list[dict[str, Any]]:
        return self._get("actions", {"body": body} if body else {})

    def refused(self) -> dict[str, int]:
        return self._get("refused", {})

    def set_scenario(self, body_id: str, **scenario: Any) -> dict[str, Any]:
        return self._post(f"scenario/{body_id}", scenario)

    def reset(self) -> None:
        self._post("reset", {})

    def _get(self, path: str, params: dict[str, str]) -> Any:
        response = httpx.get(f"{self.base_url}/_fake/{path}", params=params)
        response.raise_for_status()
        return response.json()

    def _post(self, path: str, body: dict[str, Any]) -> Any:
        response = httpx.post(f"{self.base_url}/_fake/{path}", json=body)
        response.raise_for_status()
        return response.json()


@contextmanager
def running_department(config: DepartmentFakeConfig) -> Iterator[FakeDepartment]:
    """Serve the fake on a free port for the duration of the block."""
    server, thread, base_url = serve_in_thread(create_app(config))
    try:
        yield FakeDepartment(base_url)
    finally:
        server.should_exit = True
        thread.join(timeout=5)


async def eventually(probe: Callable[[], T], *, within_s: float = 5.0, what: str = "") -> T:
    """Poll until probe returns something truthy, yielding to the event loop between tries."""
    deadline = time.monotonic() + within_s
    last: T | None = None
    while time.monotonic() < deadline:
        last = probe()
        if last:
            return last
        await asyncio.sleep(0.05)
    raise AssertionError(f"timed out after {within_s}s waiting for {what or probe}; last={last!r}")
