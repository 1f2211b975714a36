"""/2/tweets routes: create (reply, media, geo), lookup, recent search."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from fakes.x import query
from fakes.x.fields import parse_fields
from fakes.x.models import Post, invalid_request
from fakes.x.render import post_json, posts_response
from fakes.x.store import Store
from fakes.x.timeline import page
from fakes.x.web import authenticate, json_body, require_user, store_of

Json = dict[str, Any]


def coordinates_from(geo: Any) -> tuple[float, float] | None:
    """(lon, lat) from {"coordinates": {"type": "Point", "coordinates": [lon, lat]}}."""
    point = (geo or {}).get("coordinates") if isinstance(geo, dict) else None
    if point is None:
        return None
    try:
        lon, lat = (float(v) for v in point["coordinates"])
    except (KeyError, TypeError, ValueError) as error:
        raise invalid_request("geo.coordinates must be a GeoJSON Point", "geo", str(geo)) from error
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise invalid_request("geo.coordinates out of range ([lon, lat])", "geo", str(geo))
    return lon, lat


def not_found(post_id: str) -> Json:
    """X's partial-error object for a post that does not exist."""
    return {
        "value": post_id,
        "detail": f"Could not find tweet with id: [{post_id}].",
        "title": "Not Found Error",
        "resource_type": "tweet",
        "parameter": "id",
        "resource_id": post_id,
        "type": "https://api.twitter.com/2/problems/resource-not-found",
    }


def _search(store: Store, text: str) -> list[Post]:
    try:
        parsed = query.parse(text)
    except query.QueryError as error:
        raise invalid_request(
            f"There were errors processing your request: {error}", "query", text
        ) from error

    def username_of(user_id: str) -> str:
        user = store.users.get(user_id)
        return user.username if user else ""

    return store.newest_first(
        p for p in list(store.posts.values()) if query.matches(parsed, p, username_of)
    )


def tweets_router() -> APIRouter:
    """POST /2/tweets, GET /2/tweets?ids=, GET /2/tweets/search/recent, GET /2/tweets/:id."""
    router = APIRouter()

    @router.post("/2/tweets", status_code=201)
    async def create(request: Request) -> JSONResponse:
        """Post as the token's user. `geo.coordinates` is the fake's extra for citizens."""
        author = require_user(request)
        body = await json_body(request)
        reply = body.get("reply") or {}
        media = body.get("media") or {}
        geo = body.get("geo") or {}
        post = store_of(request).create_post(
            author,
            str(body.get("text") or ""),
            in_reply_to=str(reply["in_reply_to_tweet_id"])
            if reply.get("in_reply_to_tweet_id")
            else None,
            media_ids=[str(m) for m in media.get("media_ids") or []],
            coordinates=coordinates_from(geo),
            place_id=geo.get("place_id") if isinstance(geo, dict) else None,
        )
        data = {
            "id": post.id,
            "text": post_json(store_of(request), post)["text"],
            "edit_history_tweet_ids": [post.id],
        }
        return JSONResponse({"data": data}, status_code=201)

    @router.get("/2/tweets")
    async def lookup_many(request: Request) -> Json:
        authenticate(request)
        store = store_of(request)
        fields = parse_fields(request.query_params)
        ids = [i for i in (request.query_params.get("ids") or "").split(",") if i]
        if not 1 <= len(ids) <= 100:
            raise invalid_request("`ids` must list 1 to 100 ids", "ids", ",".join(ids))
        found = [store.posts[i] for i in ids if i in store.posts]
        body = posts_response(store, found, fields, None)
        missing = [not_found(i) for i in ids if i not in store.posts]
        if missing:
            body["errors"] = missing
        return body

    @router.get("/2/tweets/search/recent")
    async def search_recent(request: Request) -> Json:
        """The query subset in fakes.x.query; paged by next_token (or pagination_token)."""
        authenticate(request)
        store = store_of(request)
        fields = parse_fields(request.query_params)
        text = request.query_params.get("query") or ""
        if not text or len(text) > 512:
            raise invalid_request("`query` must be 1 to 512 characters", "query", text)
        posts, meta = page(
            _search(store, text), request.query_params, low=10, token_param="next_token"
        )
        return posts_response(store, posts, fields, meta)

    @router.get("/2/tweets/{post_id}")
    async def lookup_one(request: Request, post_id: str) -> Json:
        authenticate(request)
        store = store_of(request)
        fields = parse_fields(request.query_params)
        post = store.posts.get(post_id)
        if post is None:
            # X answers 200 with only an errors array for a missing post.
            return {"errors": [not_found(post_id)]}
        body = posts_response(store, [post], fields, None)
        body["data"] = body["data"][0]
        return body

    return router
