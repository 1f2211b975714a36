"""The fake departmental system's app: every body's endpoints on one server, state in memory."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
import uvicorn
from fastapi import FastAPI

from fakes.department.actor import Actor
from fakes.department.config import DepartmentFakeConfig, load_config
from fakes.department.control import control_router
from fakes.department.routes import receiving_router
from fakes.department.state import Department

DEFAULT_PORT = 8105


def create_app(config: DepartmentFakeConfig) -> FastAPI:
    """A fresh fake: POST /hooks/{body}, /hooks/{body}/duty, /open311/{body}/requests.json."""
    department = Department(config)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with httpx.AsyncClient(timeout=10) as http:
            app.state.actor = Actor(department, http)
            try:
                yield
            finally:
                await app.state.actor.cancel_all()

    app = FastAPI(
        title="Fake departmental system",
        lifespan=lifespan,
        docs_url="/_fake/docs",
        openapi_url="/_fake/openapi.json",
    )
    app.state.department = department
    app.include_router(receiving_router())
    app.include_router(control_router())
    return app


def run(host: str = "127.0.0.1", port: int = DEFAULT_PORT, config: str | None = None) -> None:
    """Serve until interrupted; `config` is a JSON file or inline JSON (default: the env)."""
    uvicorn.run(create_app(load_config(config)), host=host, port=port, log_level="warning")
