"""The fake Mastodon HTTP app: the REST subset Heard and Mastodon.py use, state in memory."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import uvicorn
from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from fakes.mastodon.control import control_router
from fakes.mastodon.models import ApiError
from fakes.mastodon.routes import api_router
from fakes.mastodon.store import Store
from fakes.mastodon.streaming import streaming_router
from fakes.mastodon.web import bearer_token


def create_app(domain: str = "mastodon.local", seed: bool = True) -> FastAPI:
    """A fresh fake instance (its Store is app.state.store)."""
    app = FastAPI(title="Fake Mastodon", docs_url="/_fake/docs", openapi_url="/_fake/openapi.json")
    store = Store(domain, seed=seed)
    app.state.store = store
    _install_error_handlers(app)

    @app.middleware("http")
    async def rate_limit(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        """Every /api response carries X-RateLimit-*; over the limit (or forced) it is a 429."""
        if not request.url.path.startswith("/api/"):
            return await call_next(request)
        token = bearer_token(request)
        account = store.account_for_token(token) if token else None
        client = request.client.host if request.client else "unknown"
        key = f"account:{account.id}" if account else f"ip:{client}"
        decision = store.rate_limiter.hit(key)
        if not decision.allowed:
            return JSONResponse({"error": "Too many requests"}, 429, headers=decision.headers())
        response = await call_next(request)
        response.headers.update(decision.headers())
        return response

    app.include_router(streaming_router())
    app.include_router(api_router())
    app.include_router(control_router())
    return app


def _install_error_handlers(app: FastAPI) -> None:
    async def api_error(_: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, ApiError)
        return JSONResponse({"error": error.message}, error.status_code)

    async def http_error(_: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, StarletteHTTPException)
        return JSONResponse({"error": str(error.detail)}, error.status_code)

    async def validation_error(_: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, RequestValidationError)
        return JSONResponse({"error": f"Validation failed: {error.errors()}"}, 422)

    app.add_exception_handler(ApiError, api_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(RequestValidationError, validation_error)


def run(host: str = "127.0.0.1", port: int = 8101) -> None:
    """Serve a seeded fake instance until interrupted."""
    uvicorn.run(create_app(), host=host, port=port, log_level="warning")
