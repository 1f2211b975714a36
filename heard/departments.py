"""Departmental systems for the local stack: one fake endpoint, a secret and a key per body."""

from __future__ import annotations

import base64
import hashlib
import json

from services.router.assignments import AssignmentRepository
from shared.storage import create_engine, session_maker
from triage.directory import Directory

# The demo's scenario: everyone answers, except Gwent Police, who stay silent so the
# escalation ladder (reminder, duty contact, holding reply) can be seen.
DEMO_SCENARIOS: dict[str, dict[str, object]] = {"gwent-police": {"mode": "silent"}}


def _secret(body_id: str) -> str:
    # Deterministic per body so a restarted router and fake still agree.
    raw = hashlib.sha256(f"heard-dev-department:{body_id}".encode()).digest()[:24]
    return "whsec_" + base64.b64encode(raw).decode()


class LocalDepartments:
    def __init__(self, base_url: str, scenarios: dict[str, dict[str, object]]) -> None:
        self.base_url = base_url
        self.scenarios = scenarios
        self.bodies = sorted(Directory.load(None).bodies)

    def endpoints(self) -> dict[str, dict[str, object]]:
        """HEARD_DEPARTMENTS for the router."""
        return {
            body: {
                "method": "webhook",
                "url": f"{self.base_url}/hooks/{body}",
                "secret": _secret(body),
                "deadline_s": 86400,
                "duty_contact_url": f"{self.base_url}/hooks/{body}",
            }
            for body in self.bodies
        }

    def fake_config(self, heard_api_url: str, keys: dict[str, str]) -> str:
        return json.dumps(
            {
                "heard_api_url": heard_api_url,
                "bodies": {
                    body: {
                        "secret": _secret(body),
                        "api_key": keys[body],
                        "scenario": self.scenarios.get(body, {}),
                    }
                    for body in self.bodies
                },
            }
        )


async def create_department_keys(router_database_url: str) -> dict[str, str]:
    """A fresh API key per body, stored hashed in the router's database."""
    engine = create_engine(router_database_url.replace("postgresql://", "postgresql+psycopg://"))
    try:
        repository = AssignmentRepository(session_maker(engine))
        return {
            body: await repository.create_key(body, label="local stack")
            for body in sorted(Directory.load(None).bodies)
        }
    finally:
        await engine.dispose()
