"""X outbound: a reply in the citizen's thread from the addressed official account.

X has no idempotency key, so reply() looks before it posts: it reads the account's own
posts newer than the citizen's post (GET /2/users/:id/tweets?since_id=, which shows an
account its own posts at once, unlike recent search's indexing delay) and returns an
earlier reply to the same post with the same text. A retry after a crash or a timeout
therefore returns the first reply. X's own duplicate-content 403 is met the same way.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

from platforms.base import PostedReply, RejectedByPlatform
from platforms.x.api import XApi
from platforms.x.text import MAX_LENGTH, URL_RE, weighted_length

LOOKBACK_PAGES = 5  # up to 500 of the account's own posts since the citizen's post

__all__ = ["MAX_LENGTH", "XReplyPublisher"]


def _comparable(text: str) -> str:
    """X escapes &<> and may rewrite URLs (t.co): compare what is left."""
    return " ".join(URL_RE.sub("<url>", html.unescape(text)).split())


class XReplyPublisher:
    """Replies from the official accounts, each with its own user token."""

    platform = "x"
    # X weighs text (URLs 23, emoji and CJK 2): a plain len() that fits may still be refused.
    max_length = MAX_LENGTH

    @staticmethod
    def length(text: str) -> int:
        """X's weighted length (twitter-text v3 rules)."""
        return weighted_length(text)

    def __init__(self, apis: Mapping[str, XApi], user_ids: Mapping[str, str]) -> None:
        # Keyed by lower-case handle: X matches handles case-insensitively.
        self.apis = {h.lower(): api for h, api in apis.items()}
        self.user_ids = {h.lower(): user_id for h, user_id in user_ids.items()}
        self.handles = {h.lower(): h for h in apis}

    async def reply(
        self,
        *,
        from_account: str,
        in_reply_to: str,
        text: str,
        idempotency_key: str,
        visibility: str | None = None,
    ) -> PostedReply:
        """Answer in_reply_to once; X has no visibility or idempotency key to pass on."""
        key = from_account.lower().lstrip("@")
        api, user_id = self.apis.get(key), self.user_ids.get(key)
        if api is None or user_id is None:
            raise RejectedByPlatform(f"no X credentials for account {from_account!r}")
        if not text.strip():
            raise RejectedByPlatform("an X reply needs text")
        if weighted_length(text) > MAX_LENGTH:
            # The notifier shortens before calling: cutting here could cut the reference.
            raise RejectedByPlatform(
                f"reply is {weighted_length(text)} weighted characters; X allows {MAX_LENGTH}"
            )
        existing = await self._existing_reply(api, user_id, in_reply_to, text)
        if existing is not None:
            return self._posted(key, existing)
        try:
            created = await api.create_post(text=text, in_reply_to=in_reply_to)
        except RejectedByPlatform as error:
            if "duplicate content" not in str(error):
                raise
            existing = await self._existing_reply(api, user_id, in_reply_to, text)
            if existing is None:
                raise
            return self._posted(key, existing)
        return self._posted(key, str(created["id"]))

    def _posted(self, key: str, post_id: str) -> PostedReply:
        return PostedReply(id=post_id, url=f"https://x.com/{self.handles[key]}/status/{post_id}")

    async def _existing_reply(
        self, api: XApi, user_id: str, in_reply_to: str, text: str
    ) -> str | None:
        wanted = _comparable(text)
        token: str | None = None
        for _ in range(LOOKBACK_PAGES):
            body: dict[str, Any] = await api.user_posts(
                user_id, since_id=in_reply_to, pagination_token=token
            )
            for post in body.get("data") or []:
                refs = post.get("referenced_tweets") or post.get("referenced_posts") or []
                replies_here = any(
                    r.get("type") == "replied_to" and str(r.get("id")) == in_reply_to for r in refs
                )
                if replies_here and _comparable(post.get("text", "")) == wanted:
                    return str(post["id"])
            token = (body.get("meta") or {}).get("next_token")
            if not token:
                return None
        return None
