"""/2/users routes: me, lookup by id or username, mentions and posts timelines."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from fakes.x.fields import parse_fields
from fakes.x.models import ApiError, User
from fakes.x.render import posts_response, user_json
from fakes.x.timeline import page
from fakes.x.web import authenticate, require_user, store_of

Json = dict[str, Any]


def _user_answer(request: Request, user: User | None, value: str, parameter: str) -> Json:
    """{"data": user} or, as X does for a missing user, 200 with an errors array."""
    fields = parse_fields(request.query_params)
    if user is None:
        return {
            "errors": [
                {
                    "value": value,
                    "detail": f"Could not find user with {parameter}: [{value}].",
                    "title": "Not Found Error",
                    "resource_type": "user",
                    "parameter": parameter,
                    "resource_id": value,
                    "type": "https://api.twitter.com/2/problems/resource-not-found",
                }
            ]
        }
    return {"data": user_json(user, fields.user)}


def users_router() -> APIRouter:
    """GET /2/users/me, /2/users/by/username/:username, /2/users/:id, its mentions and posts."""
    router = APIRouter()

    @router.get("/2/users/me")
    async def me(request: Request) -> Json:
        user = require_user(request)
        return _user_answer(request, user, user.id, "id")

    @router.get("/2/users/by/username/{username}")
    async def by_username(request: Request, username: str) -> Json:
        authenticate(request)
        user = store_of(request).user_by_username(username)
        return _user_answer(request, user, username, "username")

    @router.get("/2/users/{user_id}")
    async def by_id(request: Request, user_id: str) -> Json:
        authenticate(request)
        return _user_answer(request, store_of(request).users.get(user_id), user_id, "id")

    @router.get("/2/users/{user_id}/mentions")
    async def mentions(request: Request, user_id: str) -> Json:
        """Posts mentioning the user, newest first; app or user context."""
        authenticate(request)
        store = store_of(request)
        fields = parse_fields(request.query_params)
        _known_user(request, user_id)
        posts, meta = page(store.mentions_of(user_id), request.query_params)
        return posts_response(store, posts, fields, meta)

    @router.get("/2/users/{user_id}/tweets")
    async def posts(request: Request, user_id: str) -> Json:
        """The user's own posts, newest first; exclude=replies,retweets honoured."""
        authenticate(request)
        store = store_of(request)
        fields = parse_fields(request.query_params)
        _known_user(request, user_id)
        exclude = set((request.query_params.get("exclude") or "").split(","))
        own = [p for p in store.posts_by(user_id) if not ("replies" in exclude and p.replied_to)]
        chosen, meta = page(own, request.query_params)
        return posts_response(store, chosen, fields, meta)

    return router


def _known_user(request: Request, user_id: str) -> None:
    if user_id not in store_of(request).users:
        raise ApiError(
            400,
            "Invalid Request",
            "One or more parameters to your request was invalid.",
            "invalid-request",
            errors=[
                {
                    "parameters": {"id": [user_id]},
                    "message": f"The `id` query parameter value [{user_id}] is not valid",
                }
            ],
        )
