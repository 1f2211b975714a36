"""The fake Graph API app: Pages, posts, comments, webhooks and throttling, state in memory."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import uvicorn
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from fakes.facebook.control import control_router
from fakes.facebook.models import GraphError
from fakes.facebook.routes import graph_router
from fakes.facebook.seed import DEFAULT_APP_SECRET
from fakes.facebook.store import Store
from fakes.facebook.webhooks import WebhookHub

DEFAULT_PORT = 8103
# Meta retries for 36 hours with growing gaps; the fake compresses that to a few seconds.
DEFAULT_RETRY_DELAYS = (1.0, 3.0, 10.0)


def create_app(
    app_secret: str = DEFAULT_APP_SECRET,
    *,
    seed: bool = True,
    retry_delays: tuple[float, ...] = DEFAULT_RETRY_DELAYS,
) -> FastAPI:
    """A fresh fake Graph API (state on app.state.store and app.state.hub)."""
    store = Store(app_secret, seed=seed)
    hub = WebhookHub(store, retry_delays)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        await hub.aclose()

    app = FastAPI(
        title="Fake Facebook Graph API",
        docs_url="/_fake/docs",
        openapi_url="/_fake/openapi.json",
        lifespan=lifespan,
    )
    app.state.store = store
    app.state.hub = hub
    _install_error_handlers(app)
    app.include_router(graph_router())
    app.include_router(control_router())
    return app


def _install_error_handlers(app: FastAPI) -> None:
    """Every error, even a wrong path, comes back in Meta's {"error": {...}} shape."""

    async def graph_error(_: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, GraphError)
        return JSONResponse(error.body(), error.status, headers=error.headers)

    async def http_error(request: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, StarletteHTTPException)
        message = f"Unknown path components: {request.url.path}"
        return JSONResponse(GraphError(message, code=2500).body(), error.status_code)

    async def validation_error(_: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, RequestValidationError)
        return JSONResponse(GraphError(f"(#100) {error.errors()}", code=100).body(), 400)

    app.add_exception_handler(GraphError, graph_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(RequestValidationError, validation_error)


def run(host: str = "127.0.0.1", port: int = DEFAULT_PORT) -> None:
    """Serve a seeded fake Graph API until interrupted."""
    uvicorn.run(create_app(), host=host, port=port, log_level="warning")
