"""The fake X (API v2) HTTP app: the subset Heard and tweepy use, state in memory."""

from __future__ import annotations

import uvicorn
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from fakes.x.control import control_router
from fakes.x.models import ApiError
from fakes.x.ratelimit import RateLimitMiddleware
from fakes.x.routes_stream import stream_router
from fakes.x.routes_tweets import tweets_router
from fakes.x.routes_users import users_router
from fakes.x.routes_webhooks import webhooks_router
from fakes.x.seed import APP_BEARER_TOKEN, CONSUMER_SECRET
from fakes.x.store import Store
from fakes.x.stream import StreamHub
from fakes.x.webhooks import WebhookDispatcher

DEFAULT_PORT = 8102


def create_app(
    consumer_secret: str = CONSUMER_SECRET,
    app_bearer_token: str = APP_BEARER_TOKEN,
    *,
    stream_keepalive_s: float = 10.0,
    seed: bool = True,
) -> FastAPI:
    """A fresh fake X. X promises a keep-alive at least every 20 s; the fake sends one
    after `stream_keepalive_s` of silence (short in tests)."""
    app = FastAPI(title="Fake X", docs_url="/_fake/docs", openapi_url="/_fake/openapi.json")
    store = Store(seed=seed)
    app.state.store = store
    app.state.app_token = app_bearer_token
    app.state.hub = StreamHub(store, stream_keepalive_s)
    app.state.webhooks = WebhookDispatcher(store, consumer_secret)
    _install_error_handlers(app)
    # Stream and search routes first: /2/tweets/{id} would otherwise swallow them.
    app.include_router(stream_router())
    app.include_router(tweets_router())
    app.include_router(users_router())
    app.include_router(webhooks_router())
    app.include_router(control_router())
    app.add_middleware(RateLimitMiddleware, limiter=store.rate_limiter, app_token=app_bearer_token)
    return app


def _install_error_handlers(app: FastAPI) -> None:
    async def api_error(_: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, ApiError)
        return JSONResponse(error.body, error.status_code)

    async def http_error(_: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, StarletteHTTPException)
        if error.status_code == 404:
            # X's answer for a path it does not serve.
            body = {"errors": [{"message": "Sorry, that page does not exist", "code": 34}]}
            return JSONResponse(body, 404)
        return JSONResponse(
            {
                "title": str(error.detail),
                "detail": str(error.detail),
                "type": "about:blank",
                "status": error.status_code,
            },
            error.status_code,
        )

    async def validation_error(
        _: Request, error: RequestValidationError | Exception
    ) -> JSONResponse:
        assert isinstance(error, RequestValidationError)
        return JSONResponse(
            {
                "title": "Invalid Request",
                "detail": f"Validation failed: {error.errors()}",
                "type": "https://api.twitter.com/2/problems/invalid-request",
                "status": 400,
            },
            400,
        )

    app.add_exception_handler(ApiError, api_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(RequestValidationError, validation_error)


def run(host: str = "127.0.0.1", port: int = DEFAULT_PORT) -> None:
    """Serve a seeded fake X until interrupted."""
    uvicorn.run(create_app(), host=host, port=port, log_level="warning")
