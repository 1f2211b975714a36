"""/_fake/*: what arrived, what the department did, and its scenario, changeable at run time."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from fakes.department.config import Scenario
from fakes.department.state import Department


def control_router() -> APIRouter:
    router = APIRouter(prefix="/_fake")

    def department(request: Request) -> Department:
        return request.app.state.department

    @router.get("/received")
    async def received(
        request: Request, body: str | None = None, channel: str | None = None
    ) -> list[dict[str, Any]]:
        """Every arrival (verified or not) with its redelivery count, oldest first."""
        return [
            entry
            for entry in department(request).received
            if (body is None or entry["body"] == body)
            and (channel is None or entry["channel"] == channel)
        ]

    @router.get("/refused")
    async def refused(request: Request) -> dict[str, int]:
        """How many deliveries each body turned away while down."""
        return department(request).refused

    @router.get("/actions")
    async def actions(request: Request, body: str | None = None) -> list[dict[str, Any]]:
        """Every call made to Heard's Department API, in order."""
        return [a for a in department(request).actions if body is None or a["body"] == body]

    @router.get("/scenario/{body_id}", response_model=None)
    async def get_scenario(request: Request, body_id: str) -> dict[str, Any] | JSONResponse:
        state = department(request)
        if body_id not in state.scenarios:
            return JSONResponse({"reason": f"no body {body_id} here"}, 404)
        return _described(state, body_id)

    @router.post("/scenario/{body_id}", response_model=None)
    async def set_scenario(
        request: Request, body_id: str, scenario: Scenario
    ) -> dict[str, Any] | JSONResponse:
        """Change how a body behaves from now on (reports already in hand keep their plan)."""
        state = department(request)
        if body_id not in state.scenarios:
            return JSONResponse({"reason": f"no body {body_id} here"}, 404)
        state.apply(body_id, scenario)
        return _described(state, body_id)

    @router.post("/reset")
    async def reset(request: Request) -> dict[str, bool]:
        """Forget everything; stop scenarios in flight; back to the configured scenarios."""
        await request.app.state.actor.cancel_all()
        department(request).reset()
        return {"reset": True}

    return router


def _described(state: Department, body_id: str) -> dict[str, Any]:
    until = state.down_until.get(body_id)
    return {
        "body": body_id,
        "mode_now": state.mode(body_id),
        "down_until": until.isoformat() if until else None,
        "scenario": state.scenarios[body_id].model_dump(mode="json"),
    }
