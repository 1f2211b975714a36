"""The fake Bluesky: one app that is a PDS (XRPC over HTTP) and a Jetstream v1 server."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import uvicorn
from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from fakes.bluesky.control import control_router
from fakes.bluesky.errors import XrpcError
from fakes.bluesky.jetstream import jetstream_router
from fakes.bluesky.store import Store
from fakes.bluesky.tokens import ACCESS_SCOPE, TokenError
from fakes.bluesky.web import bearer_token
from fakes.bluesky.xrpc_appview import appview_router
from fakes.bluesky.xrpc_repo import repo_router
from fakes.bluesky.xrpc_server import server_router

DEFAULT_PORT = 8104


def _rate_limit_key(store: Store, request: Request) -> str:
    token = bearer_token(request)
    if token:
        try:
            return "did:" + str(store.tokens.verify(token, ACCESS_SCOPE).get("sub"))
        except TokenError:
            pass  # the route itself answers the bad token; count it against the address
    return "ip:" + (request.client.host if request.client else "unknown")


def create_app(seed: bool = True) -> FastAPI:
    """A fresh fake PDS + Jetstream (its Store is app.state.store)."""
    app = FastAPI(title="Fake Bluesky", docs_url="/_fake/docs", openapi_url="/_fake/openapi.json")
    store = Store(seed=seed)
    app.state.store = store
    _install_error_handlers(app)

    @app.middleware("http")
    async def rate_limit(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        """Every XRPC answer carries RateLimit-*; over the limit (or forced) it is a 429."""
        if not request.url.path.startswith("/xrpc/"):
            return await call_next(request)
        decision = store.rate_limiter.hit(_rate_limit_key(store, request))
        if not decision.allowed:
            body = {"error": "RateLimitExceeded", "message": "Rate Limit Exceeded"}
            return JSONResponse(body, 429, headers=decision.headers())
        response = await call_next(request)
        response.headers.update(decision.headers())
        return response

    app.include_router(server_router())
    app.include_router(repo_router())
    app.include_router(appview_router())
    app.include_router(jetstream_router())
    app.include_router(control_router())

    @app.api_route("/xrpc/{nsid}", methods=["GET", "POST"])
    async def not_implemented(nsid: str) -> JSONResponse:
        """Any other XRPC method, answered as a PDS answers one it does not serve."""
        return JSONResponse(
            {"error": "MethodNotImplemented", "message": "Method Not Implemented"}, 501
        )

    return app


def _install_error_handlers(app: FastAPI) -> None:
    async def xrpc_error(_: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, XrpcError)
        return JSONResponse({"error": error.error, "message": error.message}, error.status_code)

    async def http_error(_: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, StarletteHTTPException)
        return JSONResponse(
            {"error": "InvalidRequest", "message": str(error.detail)}, error.status_code
        )

    async def validation_error(_: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, RequestValidationError)
        problems = "; ".join(
            f"{'/'.join(str(p) for p in e['loc'][1:])}: {e['msg']}" for e in error.errors()
        )
        return JSONResponse({"error": "InvalidRequest", "message": problems}, 400)

    app.add_exception_handler(XrpcError, xrpc_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(RequestValidationError, validation_error)


def run(host: str = "127.0.0.1", port: int = DEFAULT_PORT) -> None:
    """Serve a seeded fake until interrupted."""
    uvicorn.run(create_app(), host=host, port=port, log_level="warning")
