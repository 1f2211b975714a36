"""/2/webhooks (register with a CRC check, list, re-check, delete) and AAA subscriptions.

Unlike X, the fake accepts http:// URLs and ports, so a local test server can register.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from fakes.x.fields import timestamp
from fakes.x.models import ApiError, Webhook
from fakes.x.web import dispatcher_of, json_body, require_app, require_user, store_of

Json = dict[str, Any]


def _failure(reason: str, detail: str) -> ApiError:
    return ApiError(
        400, "Bad Request", f"{reason}: {detail}", "invalid-request", errors=[{"message": reason}]
    )


def _webhook_json(webhook: Webhook) -> Json:
    return {
        "id": webhook.id,
        "url": webhook.url,
        "valid": webhook.valid,
        "created_at": timestamp(webhook.created_at),
    }


def _webhook(request: Request, webhook_id: str) -> Webhook:
    webhook = store_of(request).webhooks.get(webhook_id)
    if webhook is None:
        raise _failure("WebhookIdInvalid", f"no webhook {webhook_id} for this app")
    return webhook


def webhooks_router() -> APIRouter:
    """Webhook management (app bearer) and Account Activity subscriptions."""
    router = APIRouter()

    @router.post("/2/webhooks")
    async def register(request: Request) -> Json:
        """Runs the CRC against the URL; registers only when the answer is right."""
        require_app(request)
        url = str((await json_body(request)).get("url") or "")
        if not url.startswith(("http://", "https://")):
            raise _failure("UrlValidationFailed", "the URL must be http(s)")
        store = store_of(request)
        if any(w.url == url for w in store.webhooks.values()):
            raise _failure("DuplicateUrlFailed", "a webhook with this URL exists")
        if not await dispatcher_of(request).crc(url):
            raise _failure("CrcValidationFailed", "the URL did not answer the CRC correctly")
        return {"data": _webhook_json(store.add_webhook(url))}

    @router.get("/2/webhooks")
    async def list_webhooks(request: Request) -> Json:
        require_app(request)
        hooks = list(store_of(request).webhooks.values())
        return {"data": [_webhook_json(w) for w in hooks], "meta": {"result_count": len(hooks)}}

    @router.put("/2/webhooks/{webhook_id}")
    async def recheck(request: Request, webhook_id: str) -> Json:
        require_app(request)
        webhook = _webhook(request, webhook_id)
        webhook.valid = await dispatcher_of(request).crc(webhook.url)
        return {"data": {"valid": webhook.valid}}

    @router.delete("/2/webhooks/{webhook_id}")
    async def delete(request: Request, webhook_id: str) -> Json:
        require_app(request)
        _webhook(request, webhook_id)
        del store_of(request).webhooks[webhook_id]
        return {"data": {"deleted": True}}

    subscriptions = "/2/account_activity/webhooks/{webhook_id}/subscriptions"

    @router.post(subscriptions + "/all")
    async def subscribe(request: Request, webhook_id: str) -> Json:
        """Subscribe the token's user (OAuth2 user token here; X also takes OAuth 1.0a)."""
        user = require_user(request)
        webhook = _webhook(request, webhook_id)
        if user.id in webhook.subscribers:
            raise _failure("DuplicateSubscriptionFailed", "the user is already subscribed")
        webhook.subscribers.add(user.id)
        return {"data": {"subscribed": True}}

    @router.get(subscriptions + "/all")
    async def is_subscribed(request: Request, webhook_id: str) -> Json:
        user = require_user(request)
        return {"data": {"subscribed": user.id in _webhook(request, webhook_id).subscribers}}

    @router.get(subscriptions + "/all/list")
    async def list_subscriptions(request: Request, webhook_id: str) -> Json:
        require_app(request)
        webhook = _webhook(request, webhook_id)
        return {
            "data": {
                "application_id": "1",
                "webhook_id": webhook.id,
                "webhook_url": webhook.url,
                "subscriptions": [{"user_id": u} for u in sorted(webhook.subscribers)],
            }
        }

    @router.delete(subscriptions + "/{user_id}/all")
    async def unsubscribe(request: Request, webhook_id: str, user_id: str) -> Json:
        require_app(request)
        webhook = _webhook(request, webhook_id)
        if user_id not in webhook.subscribers:
            raise _failure("SubscriptionNotFound", f"user {user_id} is not subscribed")
        webhook.subscribers.discard(user_id)
        return {"data": {"subscribed": False}}

    return router
