"""app.bsky.* reads the AppView answers (through the PDS): threads, posts, profiles.

A session is optional, as on the public AppView; a bad token is still refused.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request

from fakes.bluesky.errors import XrpcError, invalid_request
from fakes.bluesky.store import POST
from fakes.bluesky.views import post_view, profile_detailed, thread_view
from fakes.bluesky.web import optional_session, store_of

Json = dict[str, Any]
MAX_URIS = 25


def appview_router() -> APIRouter:
    """Thread, post and profile XRPC methods."""
    router = APIRouter(prefix="/xrpc")

    @router.get("/app.bsky.feed.getPostThread")
    async def get_post_thread(
        request: Request,
        uri: str,
        depth: int = 6,
        parentHeight: int = 80,  # noqa: N803
    ) -> Json:
        optional_session(request)
        if not 0 <= depth <= 1000 or not 0 <= parentHeight <= 1000:
            raise invalid_request("depth and parentHeight must be between 0 and 1000")
        record = store_of(request).records.get(uri)
        if record is None or record.collection != POST:
            raise XrpcError(400, "NotFound", f"Post not found: {uri}")
        return {"thread": thread_view(store_of(request), record, depth, parentHeight)}

    @router.get("/app.bsky.feed.getPosts")
    async def get_posts(request: Request, uris: list[str] = Query(default=[])) -> Json:  # noqa: B008
        optional_session(request)
        if len(uris) > MAX_URIS:
            raise invalid_request(f"uris must not have more than {MAX_URIS} elements")
        store = store_of(request)
        found = [store.records.get(u) for u in uris]
        return {"posts": [post_view(store, r) for r in found if r and r.collection == POST]}

    @router.get("/app.bsky.actor.getProfile")
    async def get_profile(request: Request, actor: str) -> Json:
        optional_session(request)
        store = store_of(request)
        return profile_detailed(store, store.require_account(actor))

    return router
