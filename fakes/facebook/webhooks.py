"""Webhooks as Meta sends them: the verification handshake, signed `page` deliveries, retries.

Bodies are compact JSON with non-ASCII escaped (\\u00e9) and "/" escaped as "\\/", as Meta
sends them, so a receiver that re-serialises before checking the signature fails, as it would
in production. Each change goes out in its own delivery; a receiver that does not answer 2xx
is retried after each of `retry_delays` seconds (Meta keeps trying for up to 36 hours).
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass
from typing import Any

import httpx

from fakes.facebook.entities import graph_time, post_permalink
from fakes.facebook.models import Comment, GraphError, Post
from fakes.facebook.store import Store

Json = dict[str, Any]


@dataclass
class AppSubscription:
    """The app's `page` webhook: where to deliver and which fields."""

    callback_url: str
    verify_token: str
    fields: list[str]


@dataclass
class Delivery:
    """One POST to the callback (and its retries)."""

    id: int
    page_id: str
    field: str
    body: bytes
    headers: dict[str, str]
    attempts: int = 0
    status: int | None = None
    error: str | None = None
    delivered: bool = False
    replay_of: int | None = None

    def json(self) -> Json:
        """The delivery as the control API shows it."""
        return {
            "id": self.id,
            "page_id": self.page_id,
            "field": self.field,
            "attempts": self.attempts,
            "status": self.status,
            "error": self.error,
            "delivered": self.delivered,
            "replay_of": self.replay_of,
            "body": json.loads(self.body),
            "raw": self.body.decode(),
        }


def encode_like_meta(payload: Json) -> bytes:
    """Meta's wire form: compact, ASCII-only, slashes escaped."""
    text = json.dumps(payload, ensure_ascii=True, separators=(",", ":"))
    return text.replace("/", "\\/").encode()


def signature_headers(app_secret: str, body: bytes) -> dict[str, str]:
    """X-Hub-Signature-256 (hex HMAC-SHA256) and the legacy SHA-1 X-Hub-Signature."""
    key = app_secret.encode()
    return {
        "Content-Type": "application/json",
        "X-Hub-Signature-256": "sha256=" + hmac.new(key, body, hashlib.sha256).hexdigest(),
        "X-Hub-Signature": "sha1=" + hmac.new(key, body, hashlib.sha1).hexdigest(),
    }


class WebhookHub:
    """The app's webhook subscription and every delivery made for it."""

    def __init__(self, store: Store, retry_delays: tuple[float, ...]) -> None:
        self.store = store
        self.retry_delays = retry_delays
        self.subscription: AppSubscription | None = None
        self.deliveries: list[Delivery] = []
        self._tasks: set[asyncio.Task[None]] = set()
        self._client: httpx.AsyncClient | None = None

    def _http(self) -> httpx.AsyncClient:
        # Created lazily so it belongs to the serving event loop.
        if self._client is None:
            self._client = httpx.AsyncClient(timeout=10.0)
        return self._client

    async def subscribe(self, callback_url: str, verify_token: str, fields: list[str]) -> None:
        """Verify the callback with Meta's GET handshake, then keep the subscription."""
        challenge = str(secrets.randbelow(9 * 10**9) + 10**9)
        params = {
            "hub.mode": "subscribe",
            "hub.challenge": challenge,
            "hub.verify_token": verify_token,
        }
        try:
            answer = await self._http().get(callback_url, params=params)
        except httpx.HTTPError as error:
            raise _verification_failed(f"curl_error = {type(error).__name__}") from error
        if answer.status_code != 200:
            raise _verification_failed(f"HTTP Status Code = {answer.status_code}")
        if answer.text.strip() != challenge:
            raise _verification_failed(
                "The URL couldn't be validated. Response does not match challenge"
            )
        self.subscription = AppSubscription(callback_url, verify_token, fields)

    # Which Page hears what

    def post_created(self, post: Post) -> None:
        """A visitor's post is a `feed` change for the Page; tags are `mention` changes."""
        author = self.store.name_of(post.author_id)
        if post.owner_id in self.store.pages:
            value: Json = {
                "from": {"id": post.author_id, "name": author},
                "message": post.message,
                "post_id": post.id,
                "created_time": _epoch(post),
                "published": 1,
                "verb": "add",
                "item": "photo" if post.photo_url else "status",
            }
            if post.photo_url:
                value.update(link=post.photo_url, photo_id=post.photo_id)
            self._emit(post.owner_id, "feed", value)
        for page_id in post.tagged_page_ids:
            if page_id not in (post.owner_id, post.author_id):
                self._emit(
                    page_id,
                    "mention",
                    {
                        "item": "post",
                        "verb": "add",
                        "post_id": post.id,
                        "sender_id": post.author_id,
                        "sender_name": author,
                    },
                )

    def comment_created(self, comment: Comment) -> None:
        """A comment under a Page's post is a `feed` change (even the Page's own); tags too."""
        post = self.store.posts[comment.post_id]
        author = self.store.name_of(comment.author_id)
        if post.owner_id in self.store.pages:
            value: Json = {
                "from": {"id": comment.author_id, "name": author},
                "post": {
                    "status_type": "mobile_status_update",
                    "is_published": True,
                    "updated_time": graph_time(comment.created_at),
                    "permalink_url": post_permalink(post),
                    "promotion_status": "inactive",
                    "id": post.id,
                },
                "message": comment.message,
                "post_id": post.id,
                "comment_id": comment.id,
                "created_time": _epoch(comment),
                "item": "comment",
                "parent_id": comment.parent_id,
                "verb": "add",
            }
            if comment.photo_url:
                value["photo"] = comment.photo_url
            self._emit(post.owner_id, "feed", value)
        for page_id in comment.tagged_page_ids:
            if page_id not in (post.owner_id, comment.author_id):
                self._emit(
                    page_id,
                    "mention",
                    {
                        "item": "comment",
                        "verb": "add",
                        "comment_id": comment.id,
                        "post_id": post.id,
                        "sender_id": comment.author_id,
                        "sender_name": author,
                    },
                )

    def _emit(self, page_id: str, field_name: str, value: Json) -> None:
        page = self.store.pages[page_id]
        sub = self.subscription
        if sub is None or field_name not in sub.fields or field_name not in page.subscribed_fields:
            return
        now = int(self.store.clock().timestamp())
        payload = {
            "object": "page",
            "entry": [
                {"id": page_id, "time": now, "changes": [{"value": value, "field": field_name}]}
            ],
        }
        body = encode_like_meta(payload)
        delivery = Delivery(
            len(self.deliveries) + 1,
            page_id,
            field_name,
            body,
            signature_headers(self.store.app_secret, body),
        )
        self.deliveries.append(delivery)
        self._spawn(self._deliver(delivery, sub.callback_url, retries=self.retry_delays))

    def _spawn(self, job: Any) -> None:
        task = asyncio.get_running_loop().create_task(job)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _deliver(
        self, delivery: Delivery, url: str, *, retries: tuple[float, ...] = ()
    ) -> None:
        for wait in (*retries, None):
            delivery.attempts += 1
            try:
                answer = await self._http().post(
                    url, content=delivery.body, headers=delivery.headers
                )
                delivery.status, delivery.error = answer.status_code, None
                delivery.delivered = 200 <= answer.status_code < 300
            except httpx.HTTPError as error:
                delivery.error = type(error).__name__
            if delivery.delivered or wait is None:
                return
            await asyncio.sleep(wait)

    async def replay_last(self) -> Delivery:
        """Send the last delivery again, byte for byte, once."""
        if not self.deliveries or self.subscription is None:
            raise GraphError("Nothing to replay", code=100)
        last = self.deliveries[-1]
        again = Delivery(
            len(self.deliveries) + 1,
            last.page_id,
            last.field,
            last.body,
            dict(last.headers),
            replay_of=last.replay_of or last.id,
        )
        self.deliveries.append(again)
        await self._deliver(again, self.subscription.callback_url)
        return again

    async def settle(self) -> None:
        """Wait for deliveries in flight (retries included)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    async def reset(self) -> None:
        """Cancel deliveries in flight; forget them and the subscription."""
        for task in list(self._tasks):
            task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.gather(*list(self._tasks), return_exceptions=True)
        self.deliveries.clear()
        self.subscription = None

    async def aclose(self) -> None:
        """Stop deliveries and close the HTTP client."""
        await self.reset()
        if self._client is not None:
            await self._client.aclose()


def _epoch(item: Post | Comment) -> int:
    return int(item.created_at.timestamp())


def _verification_failed(detail: str) -> GraphError:
    return GraphError(
        f"(#2200) Callback verification failed with the following errors: {detail}", code=2200
    )
