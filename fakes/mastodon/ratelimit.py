"""Per-account request rate limiting with Mastodon's headers, plus 429s on demand for tests."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

DEFAULT_LIMIT = 300
DEFAULT_PERIOD = timedelta(minutes=5)


def iso8601_micro(moment: datetime) -> str:
    """Ruby's Time#iso8601(6) in UTC, the format of Mastodon's X-RateLimit-Reset."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@dataclass(frozen=True)
class RateLimitDecision:
    """Whether one request may proceed, and the headers to answer it with."""

    allowed: bool
    limit: int
    remaining: int
    reset_at: datetime

    def headers(self) -> dict[str, str]:
        """X-RateLimit-* headers as Mastodon sends them."""
        return {
            "X-RateLimit-Limit": str(self.limit),
            "X-RateLimit-Remaining": str(self.remaining),
            "X-RateLimit-Reset": iso8601_micro(self.reset_at),
        }


class RateLimiter:
    """Fixed windows aligned to the period, like rack-attack's throttles in Mastodon."""

    def __init__(
        self,
        clock: Callable[[], datetime],
        limit: int = DEFAULT_LIMIT,
        period: timedelta = DEFAULT_PERIOD,
    ) -> None:
        self.clock = clock
        self.limit = limit
        self._initial_limit = limit
        self.period = period
        self._lock = threading.Lock()
        self._counts: dict[str, tuple[int, int]] = {}
        self._forced = 0
        self._forced_reset_in = timedelta(seconds=2)

    def hit(self, key: str) -> RateLimitDecision:
        """Count one request for key (an account or a client address) and decide."""
        now = self.clock()
        with self._lock:
            if self._forced > 0:
                self._forced -= 1
                return RateLimitDecision(False, self.limit, 0, now + self._forced_reset_in)
            period_s = int(self.period.total_seconds())
            window = int(now.timestamp()) // period_s
            reset_at = datetime.fromtimestamp((window + 1) * period_s, UTC)
            seen_window, count = self._counts.get(key, (window, 0))
            count = count + 1 if seen_window == window else 1
            self._counts[key] = (window, count)
            remaining = max(0, self.limit - count)
            return RateLimitDecision(count <= self.limit, self.limit, remaining, reset_at)

    def fail_next(self, count: int, reset_in: float = 2.0) -> None:
        """Answer the next `count` requests with 429, resetting `reset_in` seconds later."""
        with self._lock:
            self._forced = max(0, count)
            self._forced_reset_in = timedelta(seconds=reset_in)

    def set_limit(self, limit: int) -> None:
        """Change the per-window request limit."""
        with self._lock:
            self.limit = limit

    def state(self) -> dict[str, int]:
        """Forced failures still pending and the current limit (for the control API)."""
        with self._lock:
            return {"fail_next": self._forced, "limit": self.limit}

    def reset(self) -> None:
        """Forget counts and pending forced failures; restore the initial limit."""
        with self._lock:
            self._counts.clear()
            self._forced = 0
            self.limit = self._initial_limit
