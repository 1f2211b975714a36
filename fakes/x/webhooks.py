"""Account Activity delivery: CRC checks and signed tweet_create_events POSTs.

For each valid webhook and each subscribed user, a new post the user wrote, that
@mentions them or that replies to them is POSTed as {"for_user_id", "user_has_blocked"
(mentions only), "tweet_create_events": [<v1.1 Tweet>]} with x-twitter-webhooks-signature:
sha256=base64(HMAC-SHA256(consumer secret, body)). Deliveries are recorded (status or
error) and the last one can be sent again byte for byte, as X's duplicates are.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass
from typing import Any

import httpx

from fakes.x.models import Post
from fakes.x.store import Store
from fakes.x.v1 import tweet_v1

CRC_TIMEOUT_S = 3.0  # X wants the CRC answer within 3 seconds


def signature(secret: str, message: bytes) -> str:
    """sha256=<base64 HMAC-SHA256>, the CRC response token and the delivery signature."""
    digest = hmac.new(secret.encode(), message, hashlib.sha256).digest()
    return "sha256=" + base64.b64encode(digest).decode()


@dataclass
class Delivery:
    url: str
    body: bytes
    signature: str
    status: int | None = None
    error: str | None = None

    def describe(self) -> dict[str, Any]:
        """JSON for GET /_fake/deliveries."""
        return {
            "url": self.url,
            "status": self.status,
            "error": self.error,
            "signature": self.signature,
            "payload": json.loads(self.body),
        }


class WebhookDispatcher:
    """Runs CRC checks and delivers events to subscribed webhooks."""

    def __init__(self, store: Store, consumer_secret: str) -> None:
        self.store = store
        self.consumer_secret = consumer_secret
        self.deliveries: list[Delivery] = []
        self._tasks: set[asyncio.Task[None]] = set()
        store.listeners.append(self.on_post)

    async def crc(self, url: str) -> bool:
        """GET url?crc_token=... and check the response_token."""
        token = secrets.token_urlsafe(24)
        try:
            async with httpx.AsyncClient(timeout=CRC_TIMEOUT_S) as http:
                response = await http.get(url, params={"crc_token": token})
            answer = response.json().get("response_token") if response.status_code == 200 else None
        except (httpx.HTTPError, ValueError, AttributeError):
            return False
        expected = signature(self.consumer_secret, token.encode())
        return isinstance(answer, str) and hmac.compare_digest(answer, expected)

    def on_post(self, post: Post) -> None:
        """Schedule a delivery per (valid webhook, subscriber) the post concerns."""
        for webhook in list(self.store.webhooks.values()):
            if not webhook.valid:
                continue
            for user_id in sorted(webhook.subscribers):
                mentioned = any(m.user_id == user_id for m in post.mentions)
                if (
                    post.author_id != user_id
                    and not mentioned
                    and (post.in_reply_to_user_id != user_id)
                ):
                    continue
                payload: dict[str, Any] = {"for_user_id": user_id}
                if post.author_id != user_id and mentioned:
                    payload["user_has_blocked"] = "false"
                payload["tweet_create_events"] = [tweet_v1(self.store, post)]
                self._schedule(webhook.url, json.dumps(payload).encode())

    def _schedule(self, url: str, body: bytes) -> None:
        delivery = Delivery(url, body, signature(self.consumer_secret, body))
        self.deliveries.append(delivery)
        task = asyncio.get_running_loop().create_task(self.deliver(delivery))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def deliver(self, delivery: Delivery) -> None:
        """POST one delivery and record the answer."""
        headers = {
            "content-type": "application/json",
            "x-twitter-webhooks-signature": delivery.signature,
        }
        try:
            async with httpx.AsyncClient(timeout=10.0) as http:
                response = await http.post(delivery.url, content=delivery.body, headers=headers)
            delivery.status = response.status_code
        except httpx.HTTPError as error:
            delivery.error = f"{type(error).__name__}: {error}"

    async def replay_last(self) -> Delivery | None:
        """Deliver the last delivery again, with the same bytes and signature."""
        if not self.deliveries:
            return None
        last = self.deliveries[-1]
        again = Delivery(last.url, last.body, last.signature)
        self.deliveries.append(again)
        await self.deliver(again)
        return again

    def reset(self) -> None:
        """Forget recorded deliveries."""
        self.deliveries.clear()
