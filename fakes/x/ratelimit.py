"""X's per-endpoint, per-token rate limits in 15-minute windows, as a pure ASGI middleware.

Every /2/ response carries x-rate-limit-limit / -remaining / -reset (epoch seconds). Over
the limit, or while forced failures are pending (POST /_fake/rate_limit), the answer is
429 with the v1.1-style {"errors": [{"code": 88, ...}]} merged with v2's problem fields.
"""

from __future__ import annotations

import json
import math
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

WINDOW_S = 15 * 60
DEFAULT_LIMITS = (900, 900)

# (method, path pattern, endpoint name, per-app limit, per-user limit), from X's rate-limit
# table; 24-hour caps (POST /2/tweets per app) are folded into the 15-minute window.
ENDPOINTS: tuple[tuple[str, str, int, int], ...] = (
    ("GET", "/2/tweets/search/stream", 50, 50),
    ("GET", "/2/tweets/search/stream/rules", 450, 450),
    ("POST", "/2/tweets/search/stream/rules", 100, 100),
    ("GET", "/2/tweets/search/recent", 450, 300),
    ("POST", "/2/tweets", 10_000, 100),
    ("GET", "/2/tweets", 3_500, 5_000),
    ("GET", "/2/tweets/:id", 450, 900),
    ("GET", "/2/users/:id/mentions", 450, 300),
    ("GET", "/2/users/:id/tweets", 10_000, 900),
    ("GET", "/2/users/me", 75, 75),
    ("GET", "/2/users/by/username/:username", 300, 900),
    ("GET", "/2/users/:id", 300, 900),
)
_COMPILED = [
    (method, re.compile("^" + re.sub(r":\w+", r"[^/]+", path) + "$"), path, app, user)
    for method, path, app, user in ENDPOINTS
]


def endpoint_for(method: str, path: str) -> tuple[str, int, int]:
    """(endpoint name, per-app limit, per-user limit) of a request."""
    for wanted, pattern, name, app, user in _COMPILED:
        if wanted == method and pattern.match(path):
            return f"{method} {name}", app, user
    return f"{method} {path}", *DEFAULT_LIMITS


@dataclass(frozen=True)
class Decision:
    allowed: bool
    limit: int
    remaining: int
    reset: int  # epoch seconds

    def headers(self) -> list[tuple[bytes, bytes]]:
        """The x-rate-limit-* headers X sends."""
        return [
            (b"x-rate-limit-limit", str(self.limit).encode()),
            (b"x-rate-limit-remaining", str(self.remaining).encode()),
            (b"x-rate-limit-reset", str(self.reset).encode()),
        ]


class RateLimiter:
    """Fixed 15-minute windows per (endpoint, token), plus forced 429s for tests."""

    def __init__(self, clock: Callable[[], datetime]) -> None:
        self.clock = clock
        self._lock = threading.Lock()
        self._counts: dict[str, tuple[int, int]] = {}
        self._forced = 0
        self._forced_reset = 0
        self._limit_override: int | None = None

    def hit(self, key: str, limit: int) -> Decision:
        """Count one request for key and decide."""
        now = self.clock().timestamp()
        with self._lock:
            limit = self._limit_override or limit
            if self._forced > 0:
                self._forced -= 1
                return Decision(False, limit, 0, self._forced_reset)
            window = int(now) // WINDOW_S
            seen, count = self._counts.get(key, (window, 0))
            count = count + 1 if seen == window else 1
            self._counts[key] = (window, count)
            reset = (window + 1) * WINDOW_S
            return Decision(count <= limit, limit, max(0, limit - count), reset)

    def fail_next(self, count: int, reset_in: float) -> None:
        """Answer the next `count` /2/ requests with 429; the window resets reset_in from now."""
        with self._lock:
            self._forced = max(0, count)
            self._forced_reset = math.ceil(self.clock().timestamp() + reset_in)

    def set_limit(self, limit: int | None) -> None:
        """Use this per-window limit for every endpoint (None restores X's table)."""
        with self._lock:
            self._limit_override = limit

    def state(self) -> dict[str, Any]:
        """Pending forced failures and the limit override, for the control API."""
        with self._lock:
            return {"fail_next": self._forced, "limit": self._limit_override}

    def reset(self) -> None:
        """Forget counts, forced failures and the override."""
        with self._lock:
            self._counts.clear()
            self._forced = 0
            self._limit_override = None


TOO_MANY = {
    "errors": [{"code": 88, "message": "Rate limit exceeded"}],
    "title": "Too Many Requests",
    "detail": "Too Many Requests",
    "type": "about:blank",
    "status": 429,
}


class RateLimitMiddleware:
    """Limits /2/ requests by (endpoint, bearer token); app and user tokens have own limits."""

    def __init__(self, app: Any, limiter: RateLimiter, app_token: str) -> None:
        self.app = app
        self.limiter = limiter
        self.app_token = app_token

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http" or not scope["path"].startswith("/2/"):
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        _, _, token = headers.get(b"authorization", b"").decode().partition(" ")
        name, app_limit, user_limit = endpoint_for(scope["method"], scope["path"])
        limit = app_limit if token == self.app_token else user_limit
        decision = self.limiter.hit(f"{name}|{token}", limit)
        if not decision.allowed:
            body = json.dumps(TOO_MANY).encode()
            start_headers = [(b"content-type", b"application/json"), *decision.headers()]
            start_headers.append((b"content-length", str(len(body)).encode()))
            await send({"type": "http.response.start", "status": 429, "headers": start_headers})
            await send({"type": "http.response.body", "body": body})
            return

        async def send_with_headers(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), *decision.headers()]}
            await send(message)

        await self.app(scope, receive, send_with_headers)
