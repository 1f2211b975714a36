"""A small Mastodon REST client: bearer auth, rate-limit headers, Link pagination."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import httpx

from platforms.base import TransientPlatformError, raise_for_platform_status


def seconds_until_reset(response: httpx.Response, default: float = 5.0) -> float:
    """Mastodon's X-RateLimit-Reset is an ISO-8601 timestamp, not a number of seconds."""
    reset = response.headers.get("X-RateLimit-Reset")
    if not reset:
        return default
    try:
        at = datetime.fromisoformat(reset.replace("Z", "+00:00"))
    except ValueError:
        return default
    return max(0.0, min((at - datetime.now(UTC)).total_seconds(), 300.0))


class MastodonApi:
    """One instance, one account's bearer token."""

    def __init__(self, client: httpx.AsyncClient, base_url: str, token: str) -> None:
        self._client = client
        self._base = base_url.rstrip("/")
        self._headers = {"Authorization": f"Bearer {token}"}

    async def _request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        headers = {**self._headers, **kwargs.pop("headers", {})}
        try:
            response = await self._client.request(
                method, self._base + path, headers=headers, **kwargs
            )
        except httpx.TransportError as error:
            raise TransientPlatformError(f"{path}: {type(error).__name__}") from error
        raise_for_platform_status(response, seconds_until_reset(response))
        return response

    async def mention_notifications(
        self, *, since_id: str | None, max_id: str | None = None, limit: int = 40
    ) -> tuple[list[dict[str, Any]], str | None]:
        """One page, newest first, and the max_id of the next (older) page from the Link header."""
        params: list[tuple[str, str | int]] = [("types[]", "mention"), ("limit", limit)]
        if since_id:
            params.append(("since_id", since_id))
        if max_id:
            params.append(("max_id", max_id))
        response = await self._request("GET", "/api/v1/notifications", params=params)
        next_link = response.links.get("next", {}).get("url")
        next_max_id = httpx.URL(next_link).params.get("max_id") if next_link else None
        return response.json(), next_max_id

    async def post_status(
        self,
        *,
        status: str,
        in_reply_to_id: str | None,
        visibility: str | None,
        idempotency_key: str,
    ) -> dict[str, Any]:
        body: dict[str, Any] = {"status": status}
        if in_reply_to_id:
            body["in_reply_to_id"] = in_reply_to_id
        if visibility:
            body["visibility"] = visibility
        response = await self._request(
            "POST", "/api/v1/statuses", json=body, headers={"Idempotency-Key": idempotency_key}
        )
        return response.json()
