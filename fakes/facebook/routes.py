"""The versioned Graph API routes: nodes, and the edges Heard and citizens use."""

from __future__ import annotations

import base64
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse

from fakes.facebook.entities import Node, parse_fields, render
from fakes.facebook.models import Comment, GraphError, Page, Post, User, unsupported
from fakes.facebook.store import Actor, Store
from fakes.facebook.web import access_token, authenticate, int_param, read_params
from fakes.facebook.webhooks import WebhookHub

API_VERSION = "v25.0"
Json = dict[str, Any]
T = TypeVar("T")


def graph_router() -> APIRouter:
    """One catch-all route per version, dispatching like Graph does: /{node} and /{node}/{edge}."""
    router = APIRouter()

    @router.api_route(f"/{API_VERSION}/{{path:path}}", methods=["GET", "POST"])
    async def graph(request: Request, path: str) -> Response:
        store: Store = request.app.state.store
        hub: WebhookHub = request.app.state.hub
        headers: dict[str, str] = {}
        try:
            params = await read_params(request)
            actor = authenticate(store, access_token(request, params), params)
            headers = store.throttle.check(actor.id if actor.kind == "page" else None)
            parts = [p for p in path.split("/") if p]
            if len(parts) not in (1, 2):
                raise unsupported(request.method, path)
            node = store.node(parts[0], actor)
            if len(parts) == 1:
                if request.method != "GET":
                    raise unsupported(request.method, parts[0])
                body = render(store, node, parse_fields(params.get("fields")))
            elif request.method == "GET":
                body = _read_edge(store, node, parts[1], actor, params, request)
            else:
                body = await _write_edge(store, hub, node, parts[1], actor, params)
            return JSONResponse(body, headers=headers)
        except GraphError as error:
            return JSONResponse(error.body(), error.status, headers={**headers, **error.headers})

    return router


def _read_edge(
    store: Store, node: Node, edge: str, actor: Actor, params: Json, request: Request
) -> Json:
    fields = parse_fields(params.get("fields"))
    if edge == "comments" and isinstance(node, Post | Comment):
        found = store.comments_of(node.id, stream=params.get("filter") == "stream")
        if params.get("order") == "reverse_chronological":
            found.reverse()
        return _paged(found, lambda c: render(store, c, fields), params, request)
    if edge == "feed" and isinstance(node, Page | User):
        return _paged(store.feed_of(node.id), lambda p: render(store, p, fields), params, request)
    if edge == "tagged" and isinstance(node, Page):
        return _paged(store.tagging(node.id), lambda p: render(store, p, fields), params, request)
    if edge == "subscribed_apps" and isinstance(node, Page):
        _require_page_token(actor, node)
        apps = [
            {
                "category": "Business",
                "link": "https://heard.example/",
                "name": store.app_name,
                "id": store.app_id,
                "subscribed_fields": sorted(node.subscribed_fields),
            }
        ]
        return {"data": apps if node.subscribed_fields else []}
    if edge == "subscriptions" and _is_app(node):
        _require_app_token(actor)
        sub = request.app.state.hub.subscription
        return {
            "data": []
            if sub is None
            else [
                {
                    "object": "page",
                    "callback_url": sub.callback_url,
                    "active": True,
                    "fields": [{"name": f, "version": API_VERSION} for f in sub.fields],
                }
            ]
        }
    raise unsupported("GET", f"{node.id}/{edge}")


async def _write_edge(
    store: Store, hub: WebhookHub, node: Node, edge: str, actor: Actor, params: Json
) -> Json:
    if edge == "feed" and isinstance(node, Page | User):
        post = store.create_post(actor, node.id, params)
        hub.post_created(post)
        return {"id": post.id}
    if edge == "comments" and isinstance(node, Post | Comment):
        comment = store.create_comment(actor, node.id, params)
        hub.comment_created(comment)
        return {"id": comment.id}
    if edge == "subscribed_apps" and isinstance(node, Page):
        _require_page_token(actor, node)
        fields = _list(params.get("subscribed_fields"))
        if not fields:
            raise GraphError("(#100) Param subscribed_fields must be non-empty", code=100)
        node.subscribed_fields = set(fields)
        return {"success": True}
    if edge == "subscriptions" and _is_app(node):
        _require_app_token(actor)
        if params.get("object", "page") != "page":
            raise GraphError("(#100) The fake only serves the page object", code=100)
        if not params.get("callback_url") or not params.get("verify_token"):
            raise GraphError("(#100) callback_url and verify_token are required", code=100)
        fields = _list(params.get("fields")) or ["feed", "mention"]
        await hub.subscribe(str(params["callback_url"]), str(params["verify_token"]), fields)
        return {"success": True}
    raise unsupported("POST", f"{node.id}/{edge}")


def _paged(
    items: Sequence[T], render_one: Callable[[T], Json], params: Json, request: Request
) -> Json:
    """Cursor paging as Graph does it: opaque before/after cursors and a `next` URL."""
    limit = int_param(params, "limit", 25, 100)
    ids = [getattr(item, "id") for item in items]  # noqa: B009 - Post and Comment both have id
    start = 0
    if params.get("after"):
        after = _uncursor(str(params["after"]))
        start = ids.index(after) + 1 if after in ids else len(ids)
    chunk = items[start : start + limit]
    body: Json = {"data": [render_one(item) for item in chunk]}
    if chunk:
        body["paging"] = {
            "cursors": {
                "before": _cursor(ids[start]),
                "after": _cursor(ids[start + len(chunk) - 1]),
            }
        }
        if start + limit < len(items):
            query = {k: v for k, v in request.query_params.items() if k != "after"}
            query["after"] = body["paging"]["cursors"]["after"]
            body["paging"]["next"] = str(request.url.replace_query_params(**query))
    return body


def _cursor(object_id: str) -> str:
    return base64.urlsafe_b64encode(object_id.encode()).decode().rstrip("=")


def _uncursor(cursor: str) -> str:
    try:
        return base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    except ValueError:
        return ""


def _list(raw: Any) -> list[str]:
    if isinstance(raw, list):
        return [str(x) for x in raw]
    return [part.strip() for part in str(raw or "").split(",") if part.strip()]


def _is_app(node: Node) -> bool:
    return isinstance(node, Actor) and node.kind == "app"


def _require_page_token(actor: Actor, page: Page) -> None:
    if actor.kind != "page" or actor.id != page.id:
        raise GraphError(
            "(#210) A page access token is required to request this resource.", code=210
        )


def _require_app_token(actor: Actor) -> None:
    if actor.kind != "app":
        raise GraphError("(#15) This method must be called with an app access_token.", code=15)
