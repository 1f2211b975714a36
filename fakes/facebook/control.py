"""Test control endpoints of the fake Graph API (no auth, never throttled).

- POST /_fake/reset          -> forget posts, comments, Page subscriptions, the app's webhook,
                                deliveries and throttle state (Pages and people stay).
- GET  /_fake/pages          -> the app (id, secret, app token), every Page and person with
                                their ids and tokens.
- GET  /_fake/objects        -> every post and comment with all fields, oldest first.
- POST /_fake/rate_limit     {"fail_next": N, "estimated_time_to_regain_access": minutes
                                (default 1; fractions allowed for fast tests), "code"?: 4|17|32|
                                613|80001 (default 80001 for page tokens, 4 otherwise),
                                "page"?: handle or id (only that Page's token is throttled),
                                "limit"?: calls per hour per app and per Page (default 600)}
                             -> the next N Graph calls fail with HTTP 400 and that code, as Meta
                                throttles, with usage headers at 100%.
- POST /_fake/webhooks       {"callback_url", "verify_token", "fields"?: ["feed","mention"],
                                "subscribe_pages"?: true} -> the same handshake as
                                POST /{app-id}/subscriptions, then (by default) every Page
                                subscribes the app to those fields.
- GET  /_fake/deliveries     -> every webhook delivery: body, raw bytes, status, attempts.
- POST /_fake/webhooks/replay -> send the last delivery again, byte for byte, with the same
                                signature; answers the new delivery.
- POST /_fake/webhooks/settle -> wait until deliveries in flight (and their retries) finish.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from fakes.facebook.entities import render
from fakes.facebook.models import GraphError
from fakes.facebook.store import Store
from fakes.facebook.webhooks import WebhookHub

Json = dict[str, Any]
ALL_POST_FIELDS = [
    "id",
    "message",
    "from",
    "created_time",
    "place",
    "attachments",
    "permalink_url",
    "message_tags",
]
ALL_COMMENT_FIELDS = [
    "id",
    "message",
    "from",
    "created_time",
    "parent",
    "attachment",
    "permalink_url",
    "message_tags",
]


class RateLimitControl(BaseModel):
    """Body of POST /_fake/rate_limit."""

    fail_next: int = Field(default=0, ge=0)
    estimated_time_to_regain_access: float = Field(default=1.0, ge=0)
    code: int | None = None
    page: str | None = None
    limit: int | None = Field(default=None, ge=1)


class WebhookControl(BaseModel):
    """Body of POST /_fake/webhooks."""

    callback_url: str
    verify_token: str
    fields: list[str] = Field(default_factory=lambda: ["feed", "mention"])
    subscribe_pages: bool = True


def control_router() -> APIRouter:
    """The /_fake endpoints described in this module's docstring."""
    router = APIRouter(prefix="/_fake")

    def parts(request: Request) -> tuple[Store, WebhookHub]:
        return request.app.state.store, request.app.state.hub

    @router.post("/reset")
    async def reset(request: Request) -> Json:
        store, hub = parts(request)
        store.reset()
        await hub.reset()
        return {"ok": True}

    @router.get("/pages")
    async def pages(request: Request) -> Json:
        store, _ = parts(request)
        return {
            "app": {
                "id": store.app_id,
                "secret": store.app_secret,
                "token": f"{store.app_id}|{store.app_secret}",
            },
            "pages": [
                {
                    "id": p.id,
                    "username": p.username,
                    "name": p.name,
                    "token": p.token,
                    "subscribed_fields": sorted(p.subscribed_fields),
                }
                for p in store.pages.values()
            ],
            "users": [{"id": u.id, "name": u.name, "token": u.token} for u in store.users.values()],
        }

    @router.get("/objects")
    async def objects(request: Request) -> Json:
        store, _ = parts(request)
        return {
            "posts": [render(store, p, ALL_POST_FIELDS) for p in store.posts.values()],
            "comments": [render(store, c, ALL_COMMENT_FIELDS) for c in store.comments.values()],
        }

    @router.post("/rate_limit")
    async def rate_limit(request: Request, body: RateLimitControl) -> Json:
        store, _ = parts(request)
        if body.limit is not None:
            store.throttle.set_limit(body.limit)
        page = store.page(body.page) if body.page else None
        if body.page and page is None:
            raise GraphError(f"(#100) No Page {body.page!r}", code=100)
        store.throttle.fail_next(
            body.fail_next,
            body.estimated_time_to_regain_access,
            body.code,
            page.id if page else None,
        )
        return store.throttle.state()

    @router.post("/webhooks")
    async def webhooks(request: Request, body: WebhookControl) -> Json:
        store, hub = parts(request)
        await hub.subscribe(body.callback_url, body.verify_token, body.fields)
        if body.subscribe_pages:
            for page in store.pages.values():
                page.subscribed_fields = set(body.fields)
        return {"success": True}

    @router.get("/deliveries")
    async def deliveries(request: Request) -> list[Json]:
        return [d.json() for d in parts(request)[1].deliveries]

    @router.post("/webhooks/replay")
    async def replay(request: Request) -> Json:
        return (await parts(request)[1].replay_last()).json()

    @router.post("/webhooks/settle")
    async def settle(request: Request) -> Json:
        hub = parts(request)[1]
        await hub.settle()
        return {"deliveries": len(hub.deliveries)}

    return router
