"""Mastodon outbound: a reply in the citizen's thread, from the addressed official account."""

from __future__ import annotations

import re

from platforms.base import PostedReply, RejectedByPlatform
from platforms.mastodon.api import MastodonApi

MAX_LENGTH = 500
# Mastodon counts every link as 23 characters, however long or short it is written.
LINK_LENGTH = 23
LINK_RE = re.compile(r"https?://\S+")


class MastodonReplyPublisher:
    platform = "mastodon"
    max_length = MAX_LENGTH

    @staticmethod
    def length(text: str) -> int:
        """Characters as Mastodon counts them: each link as 23."""
        links = LINK_RE.findall(text)
        return len(text) - sum(len(u) for u in links) + LINK_LENGTH * len(links)

    def __init__(self, apis: dict[str, MastodonApi]) -> None:
        # Keyed by lower-case account name: handles match case-insensitively.
        self.apis = {name.lower(): api for name, api in apis.items()}

    async def reply(
        self,
        *,
        from_account: str,
        in_reply_to: str,
        text: str,
        idempotency_key: str,
        visibility: str | None = None,
    ) -> PostedReply:
        api = self.apis.get(from_account.lower().lstrip("@").split("@")[0])
        if api is None:
            raise RejectedByPlatform(f"no Mastodon credentials for account {from_account!r}")
        if self.length(text) > MAX_LENGTH:
            raise RejectedByPlatform(
                f"reply of {self.length(text)} characters exceeds {MAX_LENGTH}"
            )
        # The server keeps Idempotency-Key for an hour: a retried POST returns the same status.
        status = await api.post_status(
            status=text,
            in_reply_to_id=in_reply_to,
            visibility=visibility,
            idempotency_key=idempotency_key,
        )
        return PostedReply(id=str(status["id"]), url=status.get("url"))
