"""What the fake department holds in memory: scenarios, deliveries received, actions taken."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from fakes.department.config import DepartmentFakeConfig, Mode, Scenario


def utcnow() -> datetime:
    return datetime.now(UTC)


class Department:
    """The state behind every body's endpoint; reset() brings back the configured scenarios."""

    def __init__(self, config: DepartmentFakeConfig) -> None:
        self.config = config
        self.reset()

    def reset(self) -> None:
        """Forget everything received and done; scenarios back to the configuration."""
        self.scenarios: dict[str, Scenario] = {}
        self.down_until: dict[str, datetime | None] = {}
        for body_id, body in self.config.bodies.items():
            self.apply(body_id, body.scenario)
        self.received: list[dict[str, Any]] = []
        self.by_webhook_id: dict[tuple[str, str], dict[str, Any]] = {}
        self.refused: dict[str, int] = {}
        self.actions: list[dict[str, Any]] = []
        self.acted: set[tuple[str, str]] = set()
        self.open311_requests = 0

    def apply(self, body_id: str, scenario: Scenario) -> None:
        """Switch a body's scenario now; down_for_s counts from this moment."""
        self.scenarios[body_id] = scenario
        until = scenario.down_until
        if scenario.down_for_s is not None:
            until = utcnow() + timedelta(seconds=scenario.down_for_s)
        self.down_until[body_id] = until

    def mode(self, body_id: str) -> Mode:
        """The behaviour right now: a down body with a past down_until is back up."""
        scenario = self.scenarios[body_id]
        until = self.down_until.get(body_id)
        if scenario.mode == "down" and until is not None and utcnow() >= until:
            return scenario.then
        return scenario.mode

    def refuse(self, body_id: str) -> None:
        self.refused[body_id] = self.refused.get(body_id, 0) + 1

    def duplicate_of(self, body_id: str, webhook_id: str) -> dict[str, Any] | None:
        """The earlier verified delivery with this webhook-id, counted as redelivered again."""
        earlier = self.by_webhook_id.get((body_id, webhook_id))
        if earlier is not None:
            earlier["duplicates"] += 1
        return earlier

    def record(
        self,
        body_id: str,
        *,
        channel: str,
        verified: bool,
        webhook_id: str | None = None,
        reason: str | None = None,
        payload: dict[str, Any] | None = None,
        reference: str | None = None,
        external_id: str | None = None,
    ) -> dict[str, Any]:
        """Keep one arrival; verified webhooks become the key for later duplicates."""
        payload = payload or {}
        entry: dict[str, Any] = {
            "seq": len(self.received) + 1,
            "body": body_id,
            "channel": channel,
            "webhook_id": webhook_id,
            "verified": verified,
            "reason": reason,
            "type": payload.get("type"),
            "reference": reference or payload.get("reference"),
            "external_id": external_id,
            "duplicates": 0,
            "received_at": utcnow().isoformat(),
            "payload": payload,
        }
        self.received.append(entry)
        if verified and webhook_id:
            self.by_webhook_id[(body_id, webhook_id)] = entry
        return entry

    def record_action(self, entry: dict[str, Any]) -> None:
        self.actions.append({"seq": len(self.actions) + 1, "at": utcnow().isoformat(), **entry})
