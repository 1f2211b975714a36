"""Facebook outbound: the addressed Page comments under the citizen's post or comment, once.

Graph has no idempotency key, so reply() looks before it posts: if the Page already left a
comment with the same text under that object (a retry after a crash or a timeout), that
comment is the answer and nothing new is posted.
"""

from __future__ import annotations

from platforms.base import PostedReply, RejectedByPlatform
from platforms.facebook.api import GraphApi
from platforms.facebook.config import FacebookSettings

MAX_LENGTH = 8000  # Facebook's limit for a comment's message
LOOK_BACK_PAGES = 5  # newest first, 100 a page: a retry finds its reply on the first one


class FacebookReplyPublisher:
    """Replies from whichever configured Page the citizen addressed."""

    platform = "facebook"
    max_length = MAX_LENGTH

    @staticmethod
    def length(text: str) -> int:
        """Characters, as Facebook counts a comment's message."""
        return len(text)

    def __init__(self, graph: GraphApi, settings: FacebookSettings) -> None:
        self.graph = graph
        self.settings = settings

    async def reply(
        self,
        *,
        from_account: str,
        in_reply_to: str,
        text: str,
        idempotency_key: str,
        visibility: str | None = None,
    ) -> PostedReply:
        """Comment on `in_reply_to` as the Page `from_account`, unless that comment exists."""
        page = self.settings.page_by_handle(from_account)
        if page is None:
            raise RejectedByPlatform(f"no Facebook Page configured for {from_account!r}")
        if not text.strip():
            raise RejectedByPlatform("a Facebook reply needs text")
        if len(text) > MAX_LENGTH:
            raise RejectedByPlatform(f"reply is {len(text)} characters; the limit is {MAX_LENGTH}")
        _, config = page
        token = config.page_token.get_secret_value()
        existing = await self._existing_reply(in_reply_to, config.page_id, token, text)
        if existing is not None:
            return existing
        comment_id = await self.graph.comment(in_reply_to, token=token, message=text)
        return PostedReply(id=comment_id)

    async def _existing_reply(
        self, object_id: str, page_id: str, token: str, text: str
    ) -> PostedReply | None:
        after: str | None = None
        for _ in range(LOOK_BACK_PAGES):
            comments, after = await self.graph.comments(
                object_id,
                token=token,
                fields=("id", "from", "message", "permalink_url"),
                after=after,
                newest_first=True,
            )
            for comment in comments:
                same_page = (comment.get("from") or {}).get("id") == page_id
                if same_page and (comment.get("message") or "").strip() == text.strip():
                    return PostedReply(id=str(comment["id"]), url=comment.get("permalink_url"))
            if after is None:
                return None
        return None
