"""Request helpers shared by the XRPC routes: the store, bearer sessions, JSON bodies."""

from __future__ import annotations

import json
from typing import Any

from fastapi import Request

from fakes.bluesky.errors import XrpcError, invalid_request
from fakes.bluesky.store import Account, Store
from fakes.bluesky.tokens import ACCESS_SCOPE, TokenError


def store_of(request: Request) -> Store:
    """The Store of the app serving this request."""
    store: Store = request.app.state.store
    return store


def bearer_token(request: Request) -> str | None:
    """The token from `Authorization: Bearer <token>`, if any."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def optional_session(request: Request) -> Account | None:
    """The account behind the access JWT; a present but bad token is still an error."""
    token = bearer_token(request)
    if token is None:
        return None
    store = store_of(request)
    if token in store.expired_access:
        raise XrpcError(400, "ExpiredToken", "Token has expired")
    try:
        claims = store.tokens.verify(token, ACCESS_SCOPE)
    except TokenError as error:
        # A PDS answers a malformed or expired access token with 400, a missing one with 401.
        raise XrpcError(400, error.error, error.message) from None
    account = store.accounts.get(str(claims.get("sub")))
    if account is None:
        raise XrpcError(400, "InvalidToken", "Token could not be verified")
    return account


def require_session(request: Request) -> Account:
    """The acting account, or 401 AuthenticationRequired."""
    account = optional_session(request)
    if account is None:
        raise XrpcError(401, "AuthenticationRequired", "Authentication Required")
    return account


async def json_body(request: Request) -> dict[str, Any]:
    """The request's JSON object body, or 400 InvalidRequest."""
    try:
        body = json.loads(await request.body() or b"{}")
    except ValueError:
        raise invalid_request("Request body must be JSON") from None
    if not isinstance(body, dict):
        raise invalid_request("Request body must be a JSON object")
    return body


def did_doc(account: Account, pds_url: str) -> dict[str, Any]:
    """A DID document naming this fake as the account's PDS (clients switch to that URL)."""
    return {
        "@context": ["https://www.w3.org/ns/did/v1"],
        "id": account.did,
        "alsoKnownAs": [f"at://{account.handle}"],
        "service": [
            {"id": "#atproto_pds", "type": "AtprotoPersonalDataServer", "serviceEndpoint": pds_url}
        ],
    }


def pds_url(request: Request) -> str:
    """The base URL this request reached the fake at, e.g. http://127.0.0.1:8104."""
    return str(request.base_url).rstrip("/")
