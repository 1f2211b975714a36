"""The department's side of the loop: acknowledge, update, resolve or hand back via Heard's API."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

import httpx

from fakes.department.config import Scenario
from fakes.department.state import Department

log = logging.getLogger(__name__)

# Action name -> the Department API path under /api/v1/reports/{reference}/.
PATHS = {
    "acknowledge": "acknowledge",
    "update": "updates",
    "resolve": "resolve",
    "hand_back": "hand-back",
}


def steps(scenario: Scenario, mode: str) -> list[tuple[float, str, dict[str, Any]]]:
    """(seconds after arrival, action, JSON body) for a body in this mode, in time order."""
    if mode == "hand_back":
        body: dict[str, Any] = {"reason": scenario.hand_back_reason}
        if scenario.suggested_body:
            body["suggested_body"] = scenario.suggested_body
        return [(scenario.hand_back_after_s, "hand_back", body)]
    if mode != "responsive":
        return []
    ack = {"message": scenario.ack_message} if scenario.ack_message else {}
    planned = [
        (scenario.ack_after_s, "acknowledge", ack),
        (scenario.update_after_s, "update", {"message": scenario.update_message}),
        (scenario.resolve_after_s, "resolve", {"message": scenario.resolve_message}),
    ]
    timed = [(after, action, body) for after, action, body in planned if after is not None]
    # Stable sort: equal delays keep the natural order acknowledge, update, resolve.
    return sorted(timed, key=lambda step: step[0])


class Actor:
    """Runs each report's scenario once, in the background, against Heard's Department API."""

    def __init__(self, department: Department, http: httpx.AsyncClient) -> None:
        self.department = department
        self.http = http
        self.tasks: set[asyncio.Task[None]] = set()

    def start(self, body_id: str, reference: str | None) -> bool:
        """Begin acting on a report unless this body already has (a redelivery, a reminder)."""
        mode = self.department.mode(body_id)
        key = (body_id, reference or "")
        if not reference or mode not in ("responsive", "hand_back") or key in self.department.acted:
            return False
        self.department.acted.add(key)
        plan = steps(self.department.scenarios[body_id], mode)
        task = asyncio.create_task(self._play(body_id, reference, plan))
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)
        return True

    async def cancel_all(self) -> None:
        """Stop every scenario in flight (reset, shutdown)."""
        tasks = list(self.tasks)
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _play(
        self, body_id: str, reference: str, plan: list[tuple[float, str, dict[str, Any]]]
    ) -> None:
        loop = asyncio.get_running_loop()
        began = loop.time()
        for after, action, body in plan:
            await asyncio.sleep(max(0.0, began + after - loop.time()))
            await self._call(body_id, reference, action, body)

    async def _call(self, body_id: str, reference: str, action: str, body: dict[str, Any]) -> None:
        config = self.department.config
        url = f"{config.api_url(body_id)}/api/v1/reports/{reference}/{PATHS[action]}"
        headers = {"Authorization": f"Bearer {config.bodies[body_id].api_key}"}
        entry: dict[str, Any] = {
            "body": body_id,
            "reference": reference,
            "action": action,
            "request": body,
            "ok": False,
            "status_code": None,
            "error": None,
        }
        for attempt in range(1, config.action_attempts + 1):
            entry["attempts"] = attempt
            try:
                response = await self.http.post(url, json=body, headers=headers)
            except httpx.TransportError as error:
                # Heard may be starting or restarting: a real system would try again.
                entry["error"] = f"{type(error).__name__}: {error}"
            else:
                entry["status_code"] = response.status_code
                entry["ok"] = response.is_success
                entry["error"] = None if response.is_success else response.text[:300]
                if response.status_code < 500 and response.status_code != 429:
                    break
            if attempt < config.action_attempts:
                await asyncio.sleep(config.action_retry_s)
        if not entry["ok"]:
            log.warning("%s could not %s %s: %s", body_id, action, reference, entry["error"])
        self.department.record_action(entry)
