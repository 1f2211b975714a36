"""com.atproto.server.* sessions and com.atproto.identity.resolveHandle."""

from __future__ import annotations

import hmac
from typing import Any

from fastapi import APIRouter, Request

from fakes.bluesky.errors import XrpcError, invalid_request
from fakes.bluesky.store import Account, Store
from fakes.bluesky.tokens import REFRESH_SCOPE, TokenError
from fakes.bluesky.web import bearer_token, did_doc, json_body, pds_url, require_session, store_of

Json = dict[str, Any]


def _session_json(store: Store, account: Account, request: Request) -> Json:
    access, refresh, _ = store.tokens.issue(account.did)
    store.issued_access.add(access)
    return {
        "did": account.did,
        "didDoc": did_doc(account, pds_url(request)),
        "handle": account.handle,
        "email": f"{account.handle.split('.')[0]}@example.org",
        "emailConfirmed": True,
        "emailAuthFactor": False,
        "accessJwt": access,
        "refreshJwt": refresh,
        "active": True,
    }


def server_router() -> APIRouter:
    """Session and identity XRPC methods."""
    router = APIRouter(prefix="/xrpc")

    @router.post("/com.atproto.server.createSession")
    async def create_session(request: Request) -> Json:
        body = await json_body(request)
        identifier, password = body.get("identifier"), body.get("password")
        if not isinstance(identifier, str) or not isinstance(password, str):
            raise invalid_request("Input must have the properties identifier and password")
        store = store_of(request)
        account = store.account(identifier)
        if account is None or not hmac.compare_digest(account.password, password):
            raise XrpcError(401, "AuthenticationRequired", "Invalid identifier or password")
        return _session_json(store, account, request)

    @router.post("/com.atproto.server.refreshSession")
    async def refresh_session(request: Request) -> Json:
        token = bearer_token(request)
        if token is None:
            raise XrpcError(401, "AuthenticationRequired", "Authentication Required")
        store = store_of(request)
        try:
            claims = store.tokens.verify(token, REFRESH_SCOPE)
        except TokenError as error:
            raise XrpcError(400, error.error, error.message) from None
        jti = str(claims.get("jti"))
        if jti in store.used_refresh:
            raise XrpcError(400, "ExpiredToken", "Token has been revoked")
        store.used_refresh.add(jti)  # refresh tokens rotate: each one works once
        account = store.accounts.get(str(claims.get("sub")))
        if account is None:
            raise XrpcError(400, "InvalidToken", "Token could not be verified")
        session = _session_json(store, account, request)
        for key in ("email", "emailConfirmed", "emailAuthFactor"):
            session.pop(key)
        return session

    @router.get("/com.atproto.server.getSession")
    async def get_session(request: Request) -> Json:
        account = require_session(request)
        return {
            "handle": account.handle,
            "did": account.did,
            "didDoc": did_doc(account, pds_url(request)),
            "email": f"{account.handle.split('.')[0]}@example.org",
            "emailConfirmed": True,
            "active": True,
        }

    @router.get("/com.atproto.identity.resolveHandle")
    async def resolve_handle(request: Request, handle: str) -> Json:
        account = store_of(request).account(handle)
        if account is None:
            raise invalid_request("Unable to resolve handle")
        return {"did": account.did}

    return router
