"""X inbound: the mentions timeline (polled), the filtered stream, and the normalisers.

The timeline is polled with since_id = the stored cursor, following meta.next_token until
X stops giving one, so a burst larger than a page is never cut short; the cursor moves to
the newest id only once the whole burst is returned (oldest first) to ingest.
"""

from __future__ import annotations

from typing import Any

from platforms.base import MentionPage
from platforms.x.api import XApi
from platforms.x.normalise import post_to_mention, tweet_v1_to_mention
from shared.events.mention import Mention


class XMentionTimelineSource:
    """Polls one official account's GET /2/users/:id/mentions."""

    platform = "x"

    def __init__(self, api: XApi, account: str, user_id: str, page_size: int = 100) -> None:
        self.api = api
        self.account = account
        self.user_id = user_id
        self.page_size = page_size

    async def fetch_since(self, cursor: str | None) -> MentionPage:
        """Every mention newer than the cursor, oldest first, and the newest id as cursor."""
        mentions: list[Mention] = []
        newest = cursor
        token: str | None = None
        while True:
            body = await self.api.mentions(
                self.user_id, since_id=cursor, pagination_token=token, max_results=self.page_size
            )
            mentions += self._normalise(body)
            newest_id = (body.get("meta") or {}).get("newest_id")
            if newest_id and (newest is None or int(newest_id) > int(newest)):
                newest = newest_id
            token = (body.get("meta") or {}).get("next_token")
            if not token:
                break
        mentions.sort(key=lambda m: int(m.id))
        return MentionPage(mentions=mentions, cursor=newest)

    def _normalise(self, body: dict[str, Any]) -> list[Mention]:
        includes = body.get("includes") or {}
        return [
            post_to_mention(post, includes, received_by=self.account)
            for post in body.get("data") or []
            # The account's own posts that name itself are not reports to it.
            if post.get("author_id") != self.user_id
        ]


from platforms.x.stream import XFilteredStream  # noqa: E402 - re-exported; stream imports this

__all__ = ["XFilteredStream", "XMentionTimelineSource", "post_to_mention", "tweet_v1_to_mention"]
