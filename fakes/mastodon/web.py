"""Request helpers shared by the fake's routes: bearer auth, body and query params, Link."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qsl, quote

from fastapi import Request

from fakes.mastodon.models import Account, ApiError
from fakes.mastodon.store import Store

INVALID_TOKEN = "The access token is invalid"


def bearer_token(request: Request) -> str | None:
    """The token from `Authorization: Bearer <token>`, if any."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def optional_account(request: Request) -> Account | None:
    """The acting account; a token that is present but unknown is still a 401, as on Mastodon."""
    token = bearer_token(request)
    if token is None:
        return None
    account = store_of(request).account_for_token(token)
    if account is None:
        raise ApiError(401, INVALID_TOKEN)
    return account


def require_account(request: Request) -> Account:
    """The acting account, or 401."""
    account = optional_account(request)
    if account is None:
        raise ApiError(401, INVALID_TOKEN)
    return account


def store_of(request: Request) -> Store:
    """The Store of the app serving this request."""
    store: Store = request.app.state.store
    return store


async def read_params(request: Request) -> dict[str, Any]:
    """A form or JSON body as a dict; form keys ending in [] become lists under the bare key."""
    raw = await request.body()
    if "application/json" in request.headers.get("content-type", ""):
        try:
            body = json.loads(raw or b"{}")
        except ValueError as error:
            raise ApiError(400, "Invalid JSON body") from error
        if not isinstance(body, dict):
            raise ApiError(400, "Invalid JSON body")
        return body
    params: dict[str, Any] = {}
    for key, value in parse_qsl(raw.decode(), keep_blank_values=True):
        if key.endswith("[]"):
            params.setdefault(key[:-2], []).append(value)
        else:
            params[key] = value
    return params


def truthy(value: Any) -> bool:
    """Rails-style boolean params: "1", "true", "on" (and JSON true) are true."""
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in ("1", "true", "t", "on", "yes")


def int_param(value: str | None) -> int | None:
    """A numeric id/limit query param; anything else is ignored."""
    try:
        return int(value) if value not in (None, "") else None
    except ValueError:
        return None


def list_param(request: Request, name: str) -> list[str]:
    """Accept both `name[]=x` (Mastodon.py, Rails) and `name=x`."""
    return request.query_params.getlist(f"{name}[]") + request.query_params.getlist(name)


def link_header(request: Request, oldest_id: str, newest_id: str) -> str:
    """Mastodon's Link header: rel=next (older, max_id) and rel=prev (newer, min_id)."""
    base = str(request.base_url).rstrip("/") + request.url.path
    carried = [("limit", v) for v in request.query_params.getlist("limit")[:1]]
    carried += [("account_id", v) for v in request.query_params.getlist("account_id")[:1]]
    carried += [("types[]", v) for v in list_param(request, "types")]
    carried += [("exclude_types[]", v) for v in list_param(request, "exclude_types")]

    def url(cursor: tuple[str, str]) -> str:
        # Rails' Hash#to_query sorts the encoded pairs; mimic that so URLs match Mastodon's.
        pairs = sorted(f"{quote(k, safe='')}={quote(v, safe='')}" for k, v in [*carried, cursor])
        return f"{base}?{'&'.join(pairs)}"

    return f'<{url(("max_id", oldest_id))}>; rel="next", <{url(("min_id", newest_id))}>; rel="prev"'
