"""What the notifier's use cases need, wired once in bootstrap."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field

from platforms.base import ReplyPublisher
from services.notifier.deadlines import WEEKENDS_ONLY, DeadlinePolicy, WorkingCalendar
from services.notifier.repository import NotifierRepository
from services.notifier.wording import Wording
from shared.clock import Clock, SystemClock
from shared.events.envelope import Event


@dataclass
class NotifierContext:
    repository: NotifierRepository
    publishers: Mapping[str, ReplyPublisher]
    wording: Wording
    publish: Callable[[Event], Awaitable[None]]
    status_base_url: str = "http://127.0.0.1:8003"
    default_deadlines: DeadlinePolicy = field(default_factory=DeadlinePolicy)
    body_deadlines: dict[str, DeadlinePolicy] = field(default_factory=dict)
    clock: Clock = field(default_factory=SystemClock)
    body_names: dict[str, str] = field(default_factory=dict)
    calendars: dict[str, WorkingCalendar] = field(default_factory=dict)

    def link(self, reference: str) -> str:
        return f"{self.status_base_url}/r/{reference}"

    def policy(self, body_id: str) -> DeadlinePolicy:
        return self.body_deadlines.get(body_id, self.default_deadlines)

    def calendar(self, body_id: str) -> WorkingCalendar:
        """The body's working days; weekends only for a body bootstrap found no nation for."""
        return self.calendars.get(body_id, WEEKENDS_ONLY)
