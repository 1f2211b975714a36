"""Request helpers for the fake Graph API: parameters anywhere, tokens, appsecret_proof."""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any
from urllib.parse import parse_qsl

from fastapi import Request

from fakes.facebook.models import GraphError
from fakes.facebook.store import Actor, Store

INVALID_TOKEN = "Invalid OAuth access token - Cannot parse access token"


async def read_params(request: Request) -> dict[str, Any]:
    """Query string, then a form or JSON body on top: Graph accepts parameters in all three."""
    params: dict[str, Any] = dict(request.query_params)
    raw = await request.body()
    if not raw:
        return params
    if "application/json" in request.headers.get("content-type", ""):
        try:
            body = json.loads(raw)
        except ValueError as error:
            raise GraphError("(#100) Invalid JSON in the request body", code=100) from error
        if not isinstance(body, dict):
            raise GraphError("(#100) Invalid JSON in the request body", code=100)
        params.update(body)
    elif "multipart/" not in request.headers.get("content-type", ""):
        params.update(parse_qsl(raw.decode(), keep_blank_values=True))
    return params


def access_token(request: Request, params: dict[str, Any]) -> str | None:
    """access_token parameter, or `Authorization: Bearer|OAuth <token>`."""
    if params.get("access_token"):
        return str(params["access_token"])
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() in ("bearer", "oauth") and token.strip():
        return token.strip()
    return None


def authenticate(store: Store, token: str | None, params: dict[str, Any]) -> Actor:
    """Who is calling; Meta answers bad tokens with HTTP 400 (#190) and a WWW-Authenticate."""
    if token is None:
        raise GraphError("An access token is required to request this resource.", code=104)
    actor = store.actor_for_token(token)
    if actor is None:
        raise GraphError(
            INVALID_TOKEN,
            code=190,
            headers={
                "WWW-Authenticate": f'OAuth "Facebook Platform" "invalid_token" "{INVALID_TOKEN}"'
            },
        )
    proof = params.get("appsecret_proof")
    if proof is not None:
        expected = hmac.new(store.app_secret.encode(), token.encode(), hashlib.sha256).hexdigest()
        if not hmac.compare_digest(str(proof), expected):
            raise GraphError(
                "Invalid appsecret_proof provided in the API argument",
                code=100,
                type_="GraphMethodException",
            )
    return actor


def int_param(params: dict[str, Any], name: str, default: int, maximum: int) -> int:
    """A positive integer parameter, capped as Graph caps `limit`."""
    try:
        value = int(params.get(name, default))
    except (TypeError, ValueError) as error:
        raise GraphError(f"(#100) Param {name} must be an integer", code=100) from error
    return max(1, min(value, maximum))
