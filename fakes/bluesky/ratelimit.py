"""Request rate limiting with the IETF-draft RateLimit-* headers a PDS sends, plus forced 429s."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

DEFAULT_LIMIT = 3000
DEFAULT_WINDOW_S = 300


@dataclass(frozen=True)
class RateLimitDecision:
    """Whether one request may proceed, and the headers to answer it with."""

    allowed: bool
    limit: int
    remaining: int
    reset_at: int  # epoch seconds
    window_s: int

    def headers(self) -> dict[str, str]:
        """RateLimit-Limit/-Remaining/-Reset (epoch s)/-Policy, as bsky.social sends them."""
        return {
            "RateLimit-Limit": str(self.limit),
            "RateLimit-Remaining": str(self.remaining),
            "RateLimit-Reset": str(self.reset_at),
            "RateLimit-Policy": f"{self.limit};w={self.window_s}",
        }


class RateLimiter:
    """Fixed windows per key (an account's DID or a client address)."""

    def __init__(self, limit: int = DEFAULT_LIMIT, window_s: int = DEFAULT_WINDOW_S) -> None:
        self.limit = limit
        self._initial_limit = limit
        self.window_s = window_s
        self._counts: dict[str, tuple[int, int]] = {}
        self._forced = 0
        self._forced_reset_in = 2.0

    def hit(self, key: str) -> RateLimitDecision:
        """Count one request for key and decide."""
        now = time.time()
        if self._forced > 0:
            self._forced -= 1
            reset_at = math.ceil(now + self._forced_reset_in)
            return RateLimitDecision(False, self.limit, 0, reset_at, self.window_s)
        window = int(now) // self.window_s
        reset_at = (window + 1) * self.window_s
        seen_window, count = self._counts.get(key, (window, 0))
        count = count + 1 if seen_window == window else 1
        self._counts[key] = (window, count)
        remaining = max(0, self.limit - count)
        allowed = count <= self.limit
        return RateLimitDecision(allowed, self.limit, remaining, reset_at, self.window_s)

    def fail_next(self, count: int, reset_in: float = 2.0) -> None:
        """Answer the next `count` XRPC requests with 429, the reset `reset_in` seconds ahead."""
        self._forced = max(0, count)
        self._forced_reset_in = reset_in

    def set_limit(self, limit: int) -> None:
        """Change the per-window request limit."""
        self.limit = limit

    def state(self) -> dict[str, int]:
        """Forced failures still pending and the current limit (for the control API)."""
        return {"fail_next": self._forced, "limit": self.limit, "window_s": self.window_s}

    def reset(self) -> None:
        """Forget counts and pending forced failures; restore the initial limit."""
        self._counts.clear()
        self._forced = 0
        self.limit = self._initial_limit
