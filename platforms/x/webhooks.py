"""X Account Activity webhooks: the CRC answer and signed tweet_create_events deliveries.

GET  <webhook_path>?crc_token=...  -> {"response_token": "sha256=" + base64(HMAC-SHA256(
                                      consumer secret, crc_token))}
POST <webhook_path>                -> the x-twitter-webhooks-signature header is checked
                                      against the raw body before anything is parsed; a
                                      missing or wrong one is a 401 and nothing reaches the
                                      sink. Mentions of (or replies to) the subscribed
                                      account are passed to the sink as feed "x:<handle>";
                                      its own posts, retweets and other events are ignored.
X delivers duplicates (and our fake's replay does too): ingest deduplicates by post id.
If the sink fails the answer is a 5xx, so the delivery is not acknowledged.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
from typing import Any

import httpx
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from platforms.base import MentionSink
from platforms.x.api import XApi
from platforms.x.config import XSettings
from platforms.x.normalise import tweet_v1_to_mention

log = logging.getLogger(__name__)
SIGNATURE_HEADER = "x-twitter-webhooks-signature"


def x_signature(consumer_secret: str, message: bytes) -> str:
    """sha256=<base64 HMAC-SHA256>: both the CRC response token and the body signature."""
    digest = hmac.new(consumer_secret.encode(), message, hashlib.sha256).digest()
    return "sha256=" + base64.b64encode(digest).decode()


def signature_problem(consumer_secret: str, body: bytes, header: str | None) -> str | None:
    """Why a delivery's signature is not acceptable, or None when it is."""
    if not consumer_secret:
        return "webhook secret not configured"
    if not header:
        return f"missing {SIGNATURE_HEADER} header"
    expected = x_signature(consumer_secret, body)
    if not hmac.compare_digest(expected.encode(), header.strip().encode()):
        return "signature does not match the body"
    return None


def _concerns(tweet: dict[str, Any], user_id: str) -> bool:
    """A citizen's post that @mentions or replies to the account (not its own, not a RT)."""
    if "retweeted_status" in tweet or str(tweet.get("user", {}).get("id_str")) == user_id:
        return False
    entities = (tweet.get("extended_tweet") or {}).get("entities") or tweet.get("entities") or {}
    mentioned = any(str(m.get("id_str")) == user_id for m in entities.get("user_mentions", []))
    return mentioned or tweet.get("in_reply_to_user_id_str") == user_id


def create_x_webhook_router(settings: XSettings, sink: MentionSink) -> APIRouter:
    """GET (CRC) and POST (events) on settings.webhook_path."""
    router = APIRouter()
    secret = settings.consumer_secret.get_secret_value()
    handles = {account.user_id: handle for handle, account in settings.accounts.items()}

    @router.get(settings.webhook_path)
    async def crc(crc_token: str | None = None) -> JSONResponse:
        """Prove to X that we hold the consumer secret."""
        if not crc_token:
            return JSONResponse({"error": "crc_token is required"}, 400)
        if not secret:
            return JSONResponse({"error": "webhook secret not configured"}, 503)
        return JSONResponse({"response_token": x_signature(secret, crc_token.encode())})

    @router.post(settings.webhook_path)
    async def events(request: Request) -> JSONResponse:
        """Verify, normalise and hand over the mentions in one delivery."""
        body = await request.body()
        problem = signature_problem(secret, body, request.headers.get(SIGNATURE_HEADER))
        if problem is not None:
            log.warning("x webhook delivery refused: %s", problem)
            return JSONResponse({"error": "invalid signature", "reason": problem}, 401)
        try:
            payload = json.loads(body)
        except ValueError:
            return JSONResponse({"error": "body is not JSON"}, 400)
        user_id = str(payload.get("for_user_id", ""))
        handle = handles.get(user_id)
        if handle is None:
            return JSONResponse({"accepted": 0, "ignored": "for_user_id is not ours"})
        mentions = [
            tweet_v1_to_mention(tweet, received_by=handle)
            for tweet in payload.get("tweet_create_events") or []
            if _concerns(tweet, user_id)
        ]
        new = await sink(mentions, f"x:{handle}") if mentions else 0
        return JSONResponse({"accepted": len(mentions), "new": new})

    return router


async def register_x_webhook(settings: XSettings, http: httpx.AsyncClient, url: str) -> str:
    """Register url with X (which runs the CRC against it, so it must already be served) and
    subscribe every configured account; returns the webhook id."""
    app = XApi(http, settings.base_url, settings.app_bearer_token.get_secret_value())
    webhook_id = str((await app.create_webhook(url))["id"])
    for account in settings.accounts.values():
        user = XApi(http, settings.base_url, account.user_token.get_secret_value())
        await user.subscribe(webhook_id)
    return webhook_id
