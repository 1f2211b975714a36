"""What the router's use cases need, wired once in bootstrap (fakes or real in tests)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from services.router.assignments import AssignmentRepository
from services.router.deliveries import DeliveryRepository
from services.router.delivery.config import DepartmentEndpoint
from services.router.repository import RoutingRepository
from shared.clock import Clock, SystemClock
from shared.events.envelope import Event
from triage.engine import Triage


@dataclass
class RouterContext:
    triage: Triage
    routings: RoutingRepository
    assignments: AssignmentRepository
    deliveries: DeliveryRepository
    publish: Callable[[Event], Awaitable[None]]
    departments: dict[str, DepartmentEndpoint] = field(default_factory=dict)
    api_base_url: str = "http://127.0.0.1:8003"
    status_base_url: str = "http://127.0.0.1:8003"
    clock: Clock = field(default_factory=SystemClock)

    def body_name(self, body_id: str) -> str:
        try:
            return self.triage.directory.body(body_id).name
        except KeyError:
            return body_id
