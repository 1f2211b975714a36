"""Test control endpoints of the fake Bluesky (no auth, never rate limited).

- POST /_fake/accounts        {"handle", "display_name"?, "password"?} -> the account with its
                              DID and app password (default "token-<first label>"); Jetstream
                              gets its identity and account events, as for a real sign-up.
- GET  /_fake/accounts        -> every account with DID, handle and app password.
- POST /_fake/rate_limit      {"fail_next": N, "reset_in"?: s (2), "limit"?: n} -> the next N
                              XRPC requests answer 429 RateLimitExceeded with RateLimit-Reset
                              reset_in seconds ahead; "limit" changes the per-300-s limit (3000).
- POST /_fake/reset           -> forget records, blobs, the event log, rate-limit state and
                              expired tokens (accounts and sessions stay).
- GET  /_fake/posts           -> every post, oldest first: uri, cid, did, handle, text, record,
                              indexedAt, time_us.
- POST /_fake/posts           {"author", "text", "reply_to"?: at-uri} -> posts as author (a
                              handle or seeded short name) with a mention facet for every
                              @handle or @ShortName that resolves, and a correct reply ref.
- POST /_fake/sessions/expire -> every access JWT issued so far answers 400 ExpiredToken.
- POST /_fake/jetstream/drop  -> close every live /subscribe socket (code 1012), as a restart.
- GET  /_fake/jetstream/connections -> the cursor and filters of every connection, in order.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from fakes.bluesky.errors import invalid_request
from fakes.bluesky.posts import validate_post
from fakes.bluesky.seed import HANDLE_SUFFIX
from fakes.bluesky.store import POST, Account, Record, Store
from fakes.bluesky.text import mention_facets
from fakes.bluesky.web import store_of

Json = dict[str, Any]


class NewAccount(BaseModel):
    """Body of POST /_fake/accounts."""

    handle: str
    display_name: str | None = None
    password: str | None = None


class RateLimitControl(BaseModel):
    """Body of POST /_fake/rate_limit."""

    fail_next: int = Field(default=0, ge=0)
    reset_in: float = Field(default=2.0, ge=0)
    limit: int | None = Field(default=None, ge=1)


class NewPost(BaseModel):
    """Body of POST /_fake/posts."""

    author: str
    text: str
    reply_to: str | None = None


def _resolve(store: Store, name: str) -> Account | None:
    return store.account(name) or store.account(name.lower() + HANDLE_SUFFIX)


def _account_json(account: Account) -> Json:
    return {
        "did": account.did,
        "handle": account.handle,
        "display_name": account.display_name,
        "password": account.password,
        "official": account.official,
    }


def _post_json(store: Store, record: Record) -> Json:
    return {
        "uri": record.uri,
        "cid": record.cid,
        "did": record.did,
        "handle": store.accounts[record.did].handle,
        "text": record.value.get("text"),
        "record": record.value,
        "indexedAt": record.indexed_at,
        "time_us": record.time_us,
    }


def _reply_ref(store: Store, uri: str) -> Json:
    parent = store.record(uri)
    root = (parent.value.get("reply") or {}).get("root") or {"uri": parent.uri, "cid": parent.cid}
    return {"root": root, "parent": {"uri": parent.uri, "cid": parent.cid}}


def control_router() -> APIRouter:
    """The /_fake endpoints described in this module's docstring."""
    router = APIRouter(prefix="/_fake")

    @router.post("/accounts")
    async def add_account(request: Request, body: NewAccount) -> Json:
        handle = body.handle.lower().lstrip("@")
        handle = handle if "." in handle else handle + HANDLE_SUFFIX
        password = body.password or f"token-{handle.split('.')[0]}"
        account = store_of(request).add_account(
            handle, body.display_name or handle.split(".")[0], password, announce=True
        )
        return _account_json(account)

    @router.get("/accounts")
    async def list_accounts(request: Request) -> list[Json]:
        return [_account_json(a) for a in store_of(request).accounts.values()]

    @router.post("/rate_limit")
    async def rate_limit(request: Request, body: RateLimitControl) -> Json:
        limiter = store_of(request).rate_limiter
        if body.limit is not None:
            limiter.set_limit(body.limit)
        limiter.fail_next(body.fail_next, body.reset_in)
        return limiter.state()

    @router.post("/reset")
    async def reset(request: Request) -> Json:
        store_of(request).reset()
        return {"ok": True}

    @router.get("/posts")
    async def all_posts(request: Request) -> list[Json]:
        store = store_of(request)
        posts = sorted(
            (r for r in store.records.values() if r.collection == POST), key=lambda r: r.time_us
        )
        return [_post_json(store, r) for r in posts]

    @router.post("/posts")
    async def add_post(request: Request, body: NewPost) -> Json:
        store = store_of(request)
        author = _resolve(store, body.author)
        if author is None:
            raise invalid_request(f"unknown author {body.author!r}")
        now = datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
        record: Json = {"$type": POST, "text": body.text, "createdAt": now, "langs": ["en"]}
        facets = mention_facets(body.text, lambda h: a.did if (a := _resolve(store, h)) else None)
        if facets:
            record["facets"] = facets
        if body.reply_to:
            record["reply"] = _reply_ref(store, body.reply_to)
        validate_post(store, record)
        stored, _ = store.create_record(author, POST, record)
        return _post_json(store, stored)

    @router.post("/sessions/expire")
    async def expire_sessions(request: Request) -> Json:
        store = store_of(request)
        store.expired_access |= store.issued_access
        return {"expired": len(store.issued_access)}

    @router.post("/jetstream/drop")
    async def drop_subscribers(request: Request) -> Json:
        subscribers = list(store_of(request).subscribers)
        for subscriber in subscribers:
            subscriber.drop()
        return {"dropped": len(subscribers)}

    @router.get("/jetstream/connections")
    async def connections(request: Request) -> list[Json]:
        return list(store_of(request).connections)

    return router
