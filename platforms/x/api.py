"""A small X API v2 client: bearer auth, x-rate-limit-* headers, the fields Heard reads."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx

from platforms.base import TransientPlatformError, raise_for_platform_status

# Everything a Mention needs; X returns only id, text and edit_history_tweet_ids otherwise.
POST_FIELDS: dict[str, str] = {
    "tweet.fields": "created_at,author_id,conversation_id,in_reply_to_user_id,"
    "referenced_tweets,entities,attachments,geo,lang,note_tweet",
    "expansions": "author_id,attachments.media_keys,geo.place_id",
    "user.fields": "name,username",
    "media.fields": "url,preview_image_url,type,variants,alt_text",
    "place.fields": "full_name,geo,place_type,country_code,name",
}
MAX_WAIT_S = 15 * 60.0  # one rate-limit window


def seconds_until_reset(response: httpx.Response, default: float = 5.0) -> float:
    """x-rate-limit-reset is epoch seconds; the wait until then, within one window."""
    try:
        reset = float(response.headers["x-rate-limit-reset"])
    except (KeyError, ValueError):
        return default
    return max(0.0, min(reset - time.time(), MAX_WAIT_S))


class XApi:
    """One bearer token (the app's, or an account's OAuth 2.0 user token) against one host."""

    def __init__(self, client: httpx.AsyncClient, base_url: str, token: str) -> None:
        self._client = client
        self._base = base_url.rstrip("/")
        self._headers = {"Authorization": f"Bearer {token}"}

    async def _request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        try:
            response = await self._client.request(
                method, self._base + path, headers=self._headers, **kwargs
            )
        except httpx.TransportError as error:
            raise TransientPlatformError(f"{path}: {type(error).__name__}") from error
        raise_for_platform_status(response, seconds_until_reset(response))
        return response

    async def _json(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        body: dict[str, Any] = (await self._request(method, path, **kwargs)).json()
        return body

    async def me(self) -> dict[str, Any]:
        """The user behind a user token."""
        return (await self._json("GET", "/2/users/me"))["data"]

    async def mentions(
        self,
        user_id: str,
        *,
        since_id: str | None,
        pagination_token: str | None = None,
        max_results: int = 100,
    ) -> dict[str, Any]:
        """One page of the mentions timeline, newest first: data, includes, meta."""
        params = {**POST_FIELDS, "max_results": str(max_results)}
        if since_id:
            params["since_id"] = since_id
        if pagination_token:
            params["pagination_token"] = pagination_token
        return await self._json("GET", f"/2/users/{user_id}/mentions", params=params)

    async def user_posts(
        self, user_id: str, *, since_id: str | None, pagination_token: str | None = None
    ) -> dict[str, Any]:
        """One page (100) of the user's own posts newer than since_id, newest first."""
        params = {"max_results": "100", "tweet.fields": "referenced_tweets,created_at"}
        if since_id:
            params["since_id"] = since_id
        if pagination_token:
            params["pagination_token"] = pagination_token
        return await self._json("GET", f"/2/users/{user_id}/tweets", params=params)

    async def create_post(self, *, text: str, in_reply_to: str | None) -> dict[str, Any]:
        """POST /2/tweets (user context); the created post's data."""
        body: dict[str, Any] = {"text": text}
        if in_reply_to:
            body["reply"] = {"in_reply_to_tweet_id": in_reply_to}
        return (await self._json("POST", "/2/tweets", json=body))["data"]

    async def stream_rules(self) -> list[dict[str, Any]]:
        """The filtered stream's rules (app bearer)."""
        return (await self._json("GET", "/2/tweets/search/stream/rules")).get("data", [])

    async def change_stream_rules(self, body: dict[str, Any]) -> dict[str, Any]:
        """POST {"add": [...]} or {"delete": {"ids": [...]}} to the rules (app bearer)."""
        return await self._json("POST", "/2/tweets/search/stream/rules", json=body)

    @asynccontextmanager
    async def stream(self, *, read_timeout: float) -> AsyncIterator[httpx.Response]:
        """The filtered stream's open response; reading raises if silent for read_timeout."""
        timeout = httpx.Timeout(10.0, read=read_timeout)
        url = self._base + "/2/tweets/search/stream"
        try:
            async with self._client.stream(
                "GET", url, params=POST_FIELDS, headers=self._headers, timeout=timeout
            ) as response:
                if response.status_code != 200:
                    await response.aread()
                    raise_for_platform_status(response, seconds_until_reset(response))
                yield response
        except httpx.TransportError as error:
            raise TransientPlatformError(f"stream: {type(error).__name__}") from error

    async def create_webhook(self, url: str) -> dict[str, Any]:
        """Register a webhook URL (app bearer); X runs the CRC against it first."""
        return (await self._json("POST", "/2/webhooks", json={"url": url}))["data"]

    async def subscribe(self, webhook_id: str) -> None:
        """Subscribe the token's user to the webhook's Account Activity (user token)."""
        await self._request("POST", f"/2/account_activity/webhooks/{webhook_id}/subscriptions/all")
