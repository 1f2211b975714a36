"""A small XRPC client for one Bluesky account: app-password sessions, refresh, RateLimit-*."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import httpx

from platforms.base import TransientPlatformError, raise_for_platform_status

POST = "app.bsky.feed.post"
# A PDS answers an expired access JWT with 400 ExpiredToken (the AppView with 401).
REFRESHABLE = {"ExpiredToken"}
RELOGIN = {"InvalidToken", "AuthenticationRequired", "AuthMissing", "AuthRequired"}
MAX_WAIT_S = 300.0


def seconds_until_reset(response: httpx.Response, default: float = 5.0) -> float:
    """Seconds until RateLimit-Reset (epoch seconds), capped so a daily window still retries."""
    reset = response.headers.get("RateLimit-Reset")
    try:
        at = float(reset) if reset else None
    except ValueError:
        at = None
    if at is None:
        return default
    return max(0.0, min(at - time.time(), MAX_WAIT_S))


def error_name(response: httpx.Response) -> str | None:
    """The XRPC error name of a failed answer ({"error": ..., "message": ...}), if any."""
    try:
        body = response.json()
    except ValueError:
        return None
    return body.get("error") if isinstance(body, dict) else None


class BlueskyApi:
    """One account on one PDS; logs in lazily and keeps its session fresh."""

    def __init__(
        self, client: httpx.AsyncClient, pds_url: str, identifier: str, app_password: str
    ) -> None:
        self._client = client
        self._base = pds_url.rstrip("/") + "/xrpc/"
        self.identifier = identifier
        self._password = app_password
        self._session: dict[str, Any] | None = None
        self._lock = asyncio.Lock()

    async def _send(self, method: str, nsid: str, **kwargs: Any) -> httpx.Response:
        try:
            return await self._client.request(method, self._base + nsid, **kwargs)
        except httpx.TransportError as error:
            raise TransientPlatformError(f"{nsid}: {type(error).__name__}") from error

    async def _checked(self, method: str, nsid: str, **kwargs: Any) -> dict[str, Any]:
        response = await self._send(method, nsid, **kwargs)
        raise_for_platform_status(response, seconds_until_reset(response))
        body: dict[str, Any] = response.json()
        return body

    async def _renew(self, stale: str | None, *, refresh: bool) -> str:
        """A working access JWT; `stale` is the one that failed (skip if another task renewed)."""
        async with self._lock:
            if self._session and self._session["accessJwt"] != stale:
                return str(self._session["accessJwt"])
            if refresh and self._session:
                auth = {"Authorization": f"Bearer {self._session['refreshJwt']}"}
                response = await self._send(
                    "POST", "com.atproto.server.refreshSession", headers=auth
                )
                if response.is_success:
                    self._session = response.json()
                    return str(self._session["accessJwt"])
                if response.status_code == 429 or response.status_code >= 500:
                    raise_for_platform_status(response, seconds_until_reset(response))
            # No session yet, or the refresh token is spent too: log in with the app password.
            self._session = await self._checked(
                "POST",
                "com.atproto.server.createSession",
                json={"identifier": self.identifier, "password": self._password},
            )
            return str(self._session["accessJwt"])

    async def call(
        self, method: str, nsid: str, *, params: Any = None, json: Any = None
    ) -> dict[str, Any]:
        """An authenticated XRPC call; refreshes or re-creates the session once if it lapsed."""
        token = await self._access_token()
        for attempt in range(2):
            response = await self._send(
                method,
                nsid,
                params=params,
                json=json,
                headers={"Authorization": f"Bearer {token}"},
            )
            error = error_name(response) if response.status_code in (400, 401) else None
            if attempt == 0 and (error in REFRESHABLE or error in RELOGIN):
                token = await self._renew(token, refresh=error in REFRESHABLE)
                continue
            raise_for_platform_status(response, seconds_until_reset(response))
            body: dict[str, Any] = response.json()
            return body
        raise AssertionError("unreachable")

    async def _access_token(self) -> str:
        if self._session is None:
            return await self._renew(None, refresh=False)
        return str(self._session["accessJwt"])

    async def did(self) -> str:
        """The account's DID (logging in if needed)."""
        await self._access_token()
        assert self._session is not None
        return str(self._session["did"])

    async def handle(self) -> str:
        """The account's handle as the PDS knows it."""
        await self.did()
        assert self._session is not None
        return str(self._session["handle"])

    async def get_posts(self, uris: list[str]) -> list[dict[str, Any]]:
        """Post views of up to 25 at:// URIs; posts that do not exist are left out."""
        body = await self.call("GET", "app.bsky.feed.getPosts", params=[("uris", u) for u in uris])
        return list(body.get("posts", []))

    async def get_post_thread(self, uri: str, depth: int = 1) -> dict[str, Any]:
        """The thread view of a post with its replies to `depth`, no ancestors."""
        body = await self.call(
            "GET",
            "app.bsky.feed.getPostThread",
            params={"uri": uri, "depth": depth, "parentHeight": 0},
        )
        return dict(body.get("thread", {}))

    async def get_profile(self, actor: str) -> dict[str, Any]:
        """app.bsky.actor.getProfile for a DID or handle."""
        return await self.call("GET", "app.bsky.actor.getProfile", params={"actor": actor})

    async def resolve_handle(self, handle: str) -> str:
        """The DID of a handle (RejectedByPlatform if it does not resolve)."""
        body = await self.call(
            "GET", "com.atproto.identity.resolveHandle", params={"handle": handle}
        )
        return str(body["did"])

    async def create_record(self, collection: str, record: dict[str, Any]) -> dict[str, Any]:
        """com.atproto.repo.createRecord in this account's repo: {uri, cid, commit, ...}."""
        body = {"repo": await self.did(), "collection": collection, "record": record}
        return await self.call("POST", "com.atproto.repo.createRecord", json=body)

    async def list_records(self, collection: str, limit: int = 50) -> list[dict[str, Any]]:
        """This account's newest records of a collection ({uri, cid, value}), newest first."""
        params = {"repo": await self.did(), "collection": collection, "limit": limit}
        body = await self.call("GET", "com.atproto.repo.listRecords", params=params)
        return list(body.get("records", []))
