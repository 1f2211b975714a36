"""Request helpers for the fake's routes: who is calling (app or user), state, JSON bodies."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from fastapi import Request

from fakes.x.models import ApiError, User, invalid_request
from fakes.x.store import Store

if TYPE_CHECKING:
    from fakes.x.stream import StreamHub
    from fakes.x.webhooks import WebhookDispatcher

UNSUPPORTED = "https://api.twitter.com/2/problems/unsupported-authentication"


def bearer_token(request: Request) -> str | None:
    """The token from `Authorization: Bearer <token>`, if any."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def store_of(request: Request) -> Store:
    """The Store of the app serving this request."""
    store: Store = request.app.state.store
    return store


def hub_of(request: Request) -> StreamHub:
    """The filtered-stream hub of this app."""
    hub: StreamHub = request.app.state.hub
    return hub


def dispatcher_of(request: Request) -> WebhookDispatcher:
    """The webhook dispatcher of this app."""
    dispatcher: WebhookDispatcher = request.app.state.webhooks
    return dispatcher


def authenticate(request: Request) -> User | None:
    """The user behind an OAuth2 user token, None for the app bearer token; else 401.

    OAuth 1.0a (`Authorization: OAuth ...`) is not implemented and answers 401 too.
    """
    token = bearer_token(request)
    if token is not None and token == request.app.state.app_token:
        return None
    user = store_of(request).user_for_token(token) if token else None
    if user is None:
        raise ApiError(401, "Unauthorized", "Unauthorized")
    return user


def require_user(request: Request) -> User:
    """User context only (POST /2/tweets, /2/users/me, subscriptions): app-only is a 403."""
    user = authenticate(request)
    if user is None:
        raise ApiError(
            403,
            "Unsupported Authentication",
            "Authenticating with OAuth 2.0 Application-Only is forbidden for this endpoint.  "
            "Supported authentication types are [OAuth 1.0a User Context, OAuth 2.0 User Context].",
            UNSUPPORTED,
        )
    return user


def require_app(request: Request) -> None:
    """App-only endpoints (filtered stream, rules, webhooks): a user token is a 403."""
    if authenticate(request) is not None:
        raise ApiError(
            403,
            "Unsupported Authentication",
            "Authenticating with OAuth 2.0 User Context is forbidden for this endpoint.  "
            "Supported authentication types are [OAuth 2.0 Application-Only].",
            UNSUPPORTED,
        )


async def json_body(request: Request) -> dict[str, Any]:
    """The JSON object body, or a 400 like X's for anything else."""
    try:
        body = json.loads(await request.body() or b"{}")
    except ValueError as error:
        raise ApiError(
            400, "Invalid Request", "Request body is not valid JSON.", "invalid-request"
        ) from error
    if not isinstance(body, dict):
        raise ApiError(
            400, "Invalid Request", "Request body must be a JSON object.", "invalid-request"
        )
    return body


def id_param(params: Any, name: str) -> int | None:
    """A numeric id query param (since_id, until_id); 400 if present but not a number."""
    value = params.get(name)
    if value in (None, ""):
        return None
    if not str(value).isdigit():
        raise invalid_request(
            f"The `{name}` query parameter value [{value}] is not a valid Tweet ID", name, value
        )
    return int(value)


def max_results(params: Any, low: int, high: int, default: int) -> int:
    """max_results within [low, high]; 400 in X's words otherwise."""
    value = params.get("max_results")
    if value in (None, ""):
        return default
    if not str(value).isdigit() or not low <= int(value) <= high:
        raise invalid_request(
            f"The `max_results` query parameter value [{value}] is not between {low} and {high}",
            "max_results",
            str(value),
        )
    return int(value)
