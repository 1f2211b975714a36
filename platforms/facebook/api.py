"""A small Graph API client: Page tokens, appsecret_proof, Meta's usage headers and error codes.

Meta answers most failures with HTTP 400 and says what happened in the body's error code, so
errors are classified by code, not by status: throttling (4, 17, 32, 613, 80000-80014) is
RateLimited, with the wait taken from X-Business-Use-Case-Usage's
estimated_time_to_regain_access (minutes); codes 1 and 2, `is_transient` errors, 5xx and
transport failures are TransientPlatformError; everything else is RejectedByPlatform.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from collections.abc import Sequence
from typing import Any

import httpx

from platforms.base import RateLimited, RejectedByPlatform, TransientPlatformError
from platforms.facebook.config import FacebookSettings

log = logging.getLogger(__name__)

THROTTLE_CODES = frozenset({4, 17, 32, 613, *range(80000, 80015)})
TRANSIENT_CODES = frozenset({1, 2})
DEFAULT_RETRY_AFTER_S = 60.0
USAGE_WARNING_PERCENT = 80
Json = dict[str, Any]


def _header_json(response: httpx.Response, name: str) -> Any:
    raw = response.headers.get(name)
    if not raw:
        return None
    try:
        return json.loads(raw)
    except ValueError:
        return None


def usage_percentages(response: httpx.Response) -> dict[str, int]:
    """Highest usage percentage per bucket: "app" from X-App-Usage, Page ids from the BUC header."""
    usage: dict[str, int] = {}
    app = _header_json(response, "X-App-Usage")
    if isinstance(app, dict):
        usage["app"] = _max_percent(app)
    buc = _header_json(response, "X-Business-Use-Case-Usage")
    if isinstance(buc, dict):
        for object_id, entries in buc.items():
            if isinstance(entries, list):
                usage[object_id] = max((_max_percent(e) for e in entries), default=0)
    return usage


def _max_percent(entry: Any) -> int:
    if not isinstance(entry, dict):
        return 0
    values = [entry.get(k) for k in ("call_count", "total_cputime", "total_time")]
    return int(max((v for v in values if isinstance(v, int | float)), default=0))


def seconds_to_regain_access(response: httpx.Response, default: float) -> float:
    """estimated_time_to_regain_access is in minutes; Meta gives none for app-level limits."""
    buc = _header_json(response, "X-Business-Use-Case-Usage")
    minutes = 0.0
    if isinstance(buc, dict):
        for entries in buc.values():
            for entry in entries if isinstance(entries, list) else []:
                if not isinstance(entry, dict):
                    continue
                value = entry.get("estimated_time_to_regain_access")
                if isinstance(value, int | float):
                    minutes = max(minutes, float(value))
    return minutes * 60 if minutes > 0 else default


def raise_for_graph_error(response: httpx.Response, default_retry_after: float) -> None:
    """Map a Graph answer to platforms.base errors (see the module docstring)."""
    if response.status_code < 400:
        return
    try:
        error = response.json().get("error") or {}
    except (ValueError, AttributeError):
        error = {}
    code = error.get("code") if isinstance(error, dict) else None
    where = response.request.url.path
    detail = f"{where}: HTTP {response.status_code} (#{code}) {error.get('message', '')}"[:300]
    if response.status_code == 429 or code in THROTTLE_CODES:
        raise RateLimited(seconds_to_regain_access(response, default_retry_after), detail)
    if response.status_code >= 500 or code in TRANSIENT_CODES or error.get("is_transient"):
        raise TransientPlatformError(detail)
    raise RejectedByPlatform(detail)


class GraphApi:
    """Graph API calls on behalf of Pages; each call names the Page token it uses."""

    def __init__(
        self,
        client: httpx.AsyncClient,
        *,
        graph_url: str = "https://graph.facebook.com",
        api_version: str = "v25.0",
        app_secret: str | None = None,
        default_retry_after: float = DEFAULT_RETRY_AFTER_S,
    ) -> None:
        self._client = client
        self._base = f"{graph_url.rstrip('/')}/{api_version}"
        self._app_secret = app_secret
        self.default_retry_after = default_retry_after
        self.usage: dict[str, int] = {}

    @classmethod
    def from_settings(cls, client: httpx.AsyncClient, settings: FacebookSettings) -> GraphApi:
        """A client for the configured host and version, proving calls with the app secret."""
        return cls(
            client,
            graph_url=settings.graph_url,
            api_version=settings.api_version,
            app_secret=settings.app_secret.get_secret_value(),
        )

    async def _request(
        self,
        method: str,
        path: str,
        *,
        token: str,
        params: Json | None = None,
        data: Json | None = None,
    ) -> Json:
        query = dict(params or {})
        if self._app_secret:
            # appsecret_proof lets the app require that every call comes from its servers.
            key = self._app_secret.encode()
            query["appsecret_proof"] = hmac.new(key, token.encode(), hashlib.sha256).hexdigest()
        try:
            response = await self._client.request(
                method,
                f"{self._base}/{path}",
                params=query,
                data=data,
                headers={"Authorization": f"Bearer {token}"},
            )
        except httpx.TransportError as error:
            raise TransientPlatformError(f"{path}: {type(error).__name__}") from error
        self._note_usage(response)
        raise_for_graph_error(response, self.default_retry_after)
        try:
            body = response.json()
        except ValueError as error:
            raise TransientPlatformError(f"{path}: answer is not JSON") from error
        return body if isinstance(body, dict) else {"data": body}

    def _note_usage(self, response: httpx.Response) -> None:
        for bucket, percent in usage_percentages(response).items():
            self.usage[bucket] = percent
            if percent >= USAGE_WARNING_PERCENT:
                log.warning("Graph API usage for %s at %d%%", bucket, percent)

    async def get_object(self, object_id: str, *, token: str, fields: Sequence[str]) -> Json:
        """One node with the named fields (Meta rejects fields its node type does not have)."""
        return await self._request(
            "GET", object_id, token=token, params={"fields": ",".join(fields)}
        )

    async def comments(
        self,
        object_id: str,
        *,
        token: str,
        fields: Sequence[str] = ("id", "from", "message"),
        limit: int = 100,
        after: str | None = None,
        newest_first: bool = False,
    ) -> tuple[list[Json], str | None]:
        """One page of direct replies to a post or comment, and the cursor of the next page."""
        params: Json = {"fields": ",".join(fields), "limit": limit, "filter": "toplevel"}
        params["order"] = "reverse_chronological" if newest_first else "chronological"
        if after:
            params["after"] = after
        body = await self._request("GET", f"{object_id}/comments", token=token, params=params)
        paging = body.get("paging") or {}
        next_after = paging.get("cursors", {}).get("after") if paging.get("next") else None
        return list(body.get("data") or []), next_after

    async def comment(self, object_id: str, *, token: str, message: str) -> str:
        """Comment on a post or reply to a comment; the new comment's id."""
        body = await self._request(
            "POST", f"{object_id}/comments", token=token, data={"message": message}
        )
        return str(body["id"])

    async def subscribe_page(self, page_id: str, *, token: str, fields: Sequence[str]) -> None:
        """Subscribe the app to a Page's webhook fields (needs pages_manage_metadata)."""
        await self._request(
            "POST",
            f"{page_id}/subscribed_apps",
            token=token,
            params={"subscribed_fields": ",".join(fields)},
        )
