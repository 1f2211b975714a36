"""Test control endpoints of the fake X (no auth, never rate limited).

- POST /_fake/reset          forget posts, media, rules, webhooks, deliveries, rate limits
                             (users and places stay); the current stream is disconnected.
- GET  /_fake/users          every user with its id and token.
- GET  /_fake/posts          every post, oldest first, with all tweet.fields.
- POST /_fake/posts          {"as": "lowri", "text", "in_reply_to"?, "geo"?: {"lat", "lon"} |
                             {"coordinates": GeoJSON Point [lon, lat]} | {"place_id"},
                             "media"?: [{"type": "photo"|"video"|"animated_gif", "url"?,
                             "alt_text"?}]} -> the post (posted as that user: mentions,
                             stream and webhooks behave as for POST /2/tweets).
- POST /_fake/media          {"type", "url"?, "alt_text"?} -> {"media_id", "media_key", ...}
                             to reference from POST /2/tweets {"media": {"media_ids": [...]}}.
- GET  /_fake/places         the places a post may name as geo.place_id.
- POST /_fake/rate_limit     {"fail_next": N, "reset_in": s (default 2), "limit"?: n} -> the
                             next N /2/ requests answer 429 with x-rate-limit-reset reset_in
                             seconds ahead (rounded up to a whole second); "limit" replaces
                             every endpoint's per-window limit (null restores X's table).
- GET  /_fake/deliveries     webhook deliveries so far: url, status, signature, payload.
- POST /_fake/webhooks/replay  deliver the last delivery again, byte for byte.
- GET  /_fake/stream         {"connected": whether a filtered-stream connection is open}.
- POST /_fake/stream/disconnect  drop the current filtered-stream connection.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from fakes.x.fields import TWEET_FIELDS
from fakes.x.models import ApiError
from fakes.x.render import place_json, post_json
from fakes.x.routes_tweets import coordinates_from
from fakes.x.web import dispatcher_of, hub_of, store_of

Json = dict[str, Any]


class RateLimitControl(BaseModel):
    """Body of POST /_fake/rate_limit."""

    fail_next: int = Field(default=0, ge=0)
    reset_in: float = Field(default=2.0, ge=0)
    limit: int | None = Field(default=None, ge=1)


class NewMedia(BaseModel):
    """Body of POST /_fake/media, and one item of POST /_fake/posts' media."""

    type: str = "photo"
    url: str | None = None
    alt_text: str | None = None


class NewPost(BaseModel):
    """Body of POST /_fake/posts."""

    as_: str = Field(alias="as")
    text: str
    in_reply_to: str | None = None
    geo: dict[str, Any] | None = None
    media: list[NewMedia] = Field(default_factory=list)


def control_router() -> APIRouter:
    """The /_fake endpoints described in this module's docstring."""
    router = APIRouter(prefix="/_fake")

    @router.post("/reset")
    async def reset(request: Request) -> Json:
        store_of(request).reset()
        dispatcher_of(request).reset()
        hub_of(request).kick()
        return {"ok": True}

    @router.get("/users")
    async def users(request: Request) -> list[Json]:
        return [
            {
                "id": u.id,
                "username": u.username,
                "name": u.name,
                "token": u.token,
                "official": u.official,
            }
            for u in store_of(request).users.values()
        ]

    @router.get("/posts")
    async def all_posts(request: Request) -> list[Json]:
        store = store_of(request)
        ordered = sorted(store.posts.values(), key=lambda p: int(p.id))
        return [post_json(store, p, TWEET_FIELDS) for p in ordered]

    @router.post("/posts", status_code=201)
    async def create_post(request: Request, body: NewPost) -> Json:
        store = store_of(request)
        author = store.user_by_username(body.as_) or store.user_for_token(body.as_)
        if author is None:
            raise ApiError(422, "Unprocessable Entity", f"no user {body.as_!r}")
        geo = body.geo or {}
        coordinates = coordinates_from(geo)
        if coordinates is None and "lat" in geo and "lon" in geo:
            coordinates = coordinates_from(
                {"coordinates": {"type": "Point", "coordinates": [geo["lon"], geo["lat"]]}}
            )
        media = [store.add_media(m.type, m.url, m.alt_text) for m in body.media]
        post = store.create_post(
            author,
            body.text,
            in_reply_to=body.in_reply_to,
            media_ids=[m.media_id for m in media],
            coordinates=coordinates,
            place_id=geo.get("place_id"),
        )
        return post_json(store, post, TWEET_FIELDS)

    @router.post("/media", status_code=201)
    async def add_media(request: Request, body: NewMedia) -> Json:
        item = store_of(request).add_media(body.type, body.url, body.alt_text)
        return {
            "media_id": item.media_id,
            "media_key": item.media_key,
            "type": item.type,
            "url": item.url,
        }

    @router.get("/places")
    async def places(request: Request) -> list[Json]:
        return [
            place_json(p, ["name", "geo", "place_type"]) for p in store_of(request).places.values()
        ]

    @router.post("/rate_limit")
    async def rate_limit(request: Request, body: RateLimitControl) -> Json:
        limiter = store_of(request).rate_limiter
        limiter.set_limit(body.limit)
        limiter.fail_next(body.fail_next, body.reset_in)
        return limiter.state()

    @router.get("/deliveries")
    async def deliveries(request: Request) -> list[Json]:
        return [d.describe() for d in dispatcher_of(request).deliveries]

    @router.post("/webhooks/replay")
    async def replay(request: Request) -> Json:
        again = await dispatcher_of(request).replay_last()
        if again is None:
            raise ApiError(404, "Not Found", "nothing has been delivered yet")
        return again.describe()

    @router.get("/stream")
    async def stream_state(request: Request) -> Json:
        return {"connected": hub_of(request).current is not None}

    @router.post("/stream/disconnect")
    async def disconnect(request: Request) -> Json:
        return {"disconnected": hub_of(request).kick()}

    return router
