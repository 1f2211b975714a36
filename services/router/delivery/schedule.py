"""When to try a failed delivery again: exponential backoff, full jitter, Retry-After first."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Protocol


class Jitter(Protocol):
    def uniform(self, a: float, b: float) -> float: ...


def backoff_ceiling(attempts: int, *, initial_s: float = 1.0, max_s: float = 300.0) -> float:
    """The most the wait after `attempts` failed attempts may be: doubling, capped."""
    # The exponent is capped so a long outage cannot overflow the float.
    return min(max_s, initial_s * 2.0 ** min(max(attempts - 1, 0), 60))


def next_attempt_at(
    attempts: int,
    now: datetime,
    *,
    retry_after: float | None,
    initial_s: float = 1.0,
    max_s: float = 300.0,
    rng: Jitter = random,
) -> datetime:
    """Full jitter under an exponential ceiling, never sooner than the receiver asked."""
    # Full jitter spreads a recovering receiver's backlog instead of retrying in lockstep.
    delay = rng.uniform(0.0, backoff_ceiling(attempts, initial_s=initial_s, max_s=max_s))
    if retry_after is not None:
        delay = max(delay, retry_after)
    return now + timedelta(seconds=delay)


def gave_up(first_attempt_at: datetime, now: datetime, deadline_s: float) -> bool:
    """Whether the body's delivery deadline has passed since the first attempt."""
    return now - first_attempt_at >= timedelta(seconds=deadline_s)
