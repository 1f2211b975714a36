"""The /api routes of the fake: instance, accounts, statuses, notifications."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse

from fakes.mastodon import entities
from fakes.mastodon.models import ApiError
from fakes.mastodon.web import (
    int_param,
    link_header,
    list_param,
    optional_account,
    read_params,
    require_account,
    store_of,
    truthy,
)

DEFAULT_NOTIFICATIONS_LIMIT = 40
MAX_NOTIFICATIONS_LIMIT = 80  # Mastodon caps limit at twice the default
NOT_FOUND = "Record not found"
Json = dict[str, Any]


def api_router() -> APIRouter:
    """All /api/v1 and /api/v2 endpoints the fake serves."""
    router = APIRouter()

    # Mastodon.py requests "/api/v1/instance/" with a trailing slash: serve both spellings
    # rather than redirecting.
    @router.get("/api/v1/instance")
    @router.get("/api/v1/instance/", include_in_schema=False)
    async def instance_v1(request: Request) -> Json:
        return entities.instance_v1_json(store_of(request), str(request.base_url))

    @router.get("/api/v2/instance")
    @router.get("/api/v2/instance/", include_in_schema=False)
    async def instance_v2(request: Request) -> Json:
        return entities.instance_v2_json(store_of(request), str(request.base_url))

    @router.get("/api/v1/accounts/verify_credentials")
    async def verify_credentials(request: Request) -> Json:
        account = require_account(request)
        return entities.account_json(store_of(request), account, with_source=True)

    @router.get("/api/v1/accounts/lookup")
    async def lookup_account(request: Request, acct: str = "") -> Json:
        optional_account(request)
        store = store_of(request)
        username, _, domain = acct.lstrip("@").partition("@")
        account = store.account_by_username(username)
        if account is None or (domain and domain.lower() != store.domain.lower()):
            raise ApiError(404, NOT_FOUND)
        return entities.account_json(store, account)

    @router.get("/api/v1/accounts/{account_id}")
    async def get_account(request: Request, account_id: str) -> Json:
        optional_account(request)
        store = store_of(request)
        account = store.accounts.get(account_id)
        if account is None:
            raise ApiError(404, NOT_FOUND)
        return entities.account_json(store, account)

    @router.post("/api/v1/statuses")
    async def post_status(request: Request) -> Json:
        author = require_account(request)
        store = store_of(request)
        params = await read_params(request)
        media_ids = params.get("media_ids") or []
        reply_to = params.get("in_reply_to_id")
        status = store.post_status(
            author,
            str(params.get("status") or ""),
            in_reply_to_id=str(reply_to) if reply_to not in (None, "") else None,
            visibility=params.get("visibility") or None,
            sensitive=truthy(params.get("sensitive", False)),
            spoiler_text=str(params.get("spoiler_text") or ""),
            language=params.get("language") or None,
            media_ids=[str(m) for m in (media_ids if isinstance(media_ids, list) else [media_ids])],
            idempotency_key=request.headers.get("idempotency-key") or None,
        )
        return entities.status_json(store, status, author)

    @router.get("/api/v1/statuses/{status_id}")
    async def get_status(request: Request, status_id: str) -> Json:
        viewer = optional_account(request)
        store = store_of(request)
        status = store.statuses.get(status_id)
        # Hidden statuses are 404, not 403, so their existence does not leak.
        if status is None or not store.can_see(viewer, status):
            raise ApiError(404, NOT_FOUND)
        return entities.status_json(store, status, viewer)

    @router.get("/api/v1/statuses/{status_id}/context")
    async def status_context(request: Request, status_id: str) -> Json:
        viewer = optional_account(request)
        store = store_of(request)
        status = store.statuses.get(status_id)
        if status is None or not store.can_see(viewer, status):
            raise ApiError(404, NOT_FOUND)
        ancestors, descendants = store.context(status, viewer)
        return {
            "ancestors": [entities.status_json(store, s, viewer) for s in ancestors],
            "descendants": [entities.status_json(store, s, viewer) for s in descendants],
        }

    @router.get("/api/v1/notifications")
    async def list_notifications(request: Request) -> Response:
        account = require_account(request)
        store = store_of(request)
        query = request.query_params
        limit = int_param(query.get("limit"))
        # Rails' limit_param: absolute value, capped; absent means the default.
        limit = (
            DEFAULT_NOTIFICATIONS_LIMIT
            if limit is None
            else min(abs(limit), MAX_NOTIFICATIONS_LIMIT)
        )
        page = store.notifications_page(
            account,
            max_id=int_param(query.get("max_id")),
            since_id=int_param(query.get("since_id")),
            min_id=int_param(query.get("min_id")),
            limit=limit,
            types=list_param(request, "types"),
            exclude_types=list_param(request, "exclude_types"),
            from_account_id=query.get("account_id") or None,
        )
        headers = {"Link": link_header(request, page[-1].id, page[0].id)} if page else {}
        body = [entities.notification_json(store, n, account) for n in page]
        return JSONResponse(body, headers=headers)

    @router.post("/api/v1/notifications/clear")
    async def clear_notifications(request: Request) -> Json:
        store_of(request).clear_notifications(require_account(request))
        return {}

    @router.get("/api/v1/notifications/{notification_id}")
    async def get_notification(request: Request, notification_id: str) -> Json:
        account = require_account(request)
        store = store_of(request)
        notification = store.notification(account, notification_id)
        return entities.notification_json(store, notification, account)

    @router.post("/api/v1/notifications/{notification_id}/dismiss")
    async def dismiss_notification(request: Request, notification_id: str) -> Json:
        store_of(request).dismiss_notification(require_account(request), notification_id)
        return {}

    return router
