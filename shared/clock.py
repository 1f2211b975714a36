"""Time as services see it: the real clock, or one that runs fast so tests can pass deadlines."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class FastClock:
    """Runs `speed` times faster than real time from `origin` (HEARD_CLOCK_SPEED and
    HEARD_CLOCK_ORIGIN). Processes given the same origin agree on the time, whenever they
    started, because each computes it from the wall clock."""

    def __init__(self, speed: float, origin: datetime | None = None) -> None:
        self.speed = speed
        self.origin = origin or datetime.now(UTC)

    def now(self) -> datetime:
        return self.origin + (datetime.now(UTC) - self.origin) * self.speed


def clock_for(speed: float, origin: datetime | None = None) -> Clock:
    return SystemClock() if speed == 1 else FastClock(speed, origin)
