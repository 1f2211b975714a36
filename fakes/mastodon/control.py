"""Test control endpoints of the fake Mastodon (no auth, never rate limited).

- POST /_fake/accounts     {"username", "display_name"?, "token"?, "bot"?, "note"?}
                           -> the new Account entity plus its "token" (default
                           "token-<username lower-cased>"); 422 if username or token is taken.
- GET  /_fake/accounts     -> every account with its token (handy for demos).
- POST /_fake/rate_limit   {"fail_next": N, "reset_in"?: seconds (default 2), "limit"?: n}
                           -> the next N /api requests answer 429 {"error": "Too many
                           requests"} with X-RateLimit-Remaining 0 and X-RateLimit-Reset
                           reset_in seconds ahead; "limit" changes the per-5-minute limit (300).
- POST /_fake/reset        -> forget statuses, notifications, idempotency keys and rate-limit
                           state (accounts stay).
- GET  /_fake/statuses     -> every status, oldest first, as Status entities plus the
                           plain "text" their author wrote.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from fakes.mastodon import entities
from fakes.mastodon.web import store_of

Json = dict[str, Any]


class NewAccount(BaseModel):
    """Body of POST /_fake/accounts."""

    username: str
    display_name: str | None = None
    token: str | None = None
    bot: bool = False
    note: str = ""


class RateLimitControl(BaseModel):
    """Body of POST /_fake/rate_limit."""

    fail_next: int = Field(default=0, ge=0)
    reset_in: float = Field(default=2.0, ge=0)
    limit: int | None = Field(default=None, ge=1)


def control_router() -> APIRouter:
    """The /_fake endpoints described in this module's docstring."""
    router = APIRouter(prefix="/_fake")

    @router.post("/accounts")
    async def add_account(request: Request, body: NewAccount) -> Json:
        store = store_of(request)
        account = store.add_account(
            body.username, body.display_name, body.token, bot=body.bot, note=body.note
        )
        return {**entities.account_json(store, account), "token": account.token}

    @router.get("/accounts")
    async def list_accounts(request: Request) -> list[Json]:
        store = store_of(request)
        return [
            {**entities.account_json(store, a), "token": a.token} for a in store.accounts.values()
        ]

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

    @router.get("/statuses")
    async def all_statuses(request: Request) -> list[Json]:
        store = store_of(request)
        ordered = sorted(store.statuses.values(), key=lambda s: int(s.id))
        return [{**entities.status_json(store, s), "text": s.text} for s in ordered]

    return router
