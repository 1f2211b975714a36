"""Bluesky outbound: a reply in the citizen's thread, from the addressed official account.

Bluesky has no idempotency key, so reply() looks before it posts: a reply by our DID with the
same text under the same parent (in the AppView's thread, or, since the AppView indexes with
a lag, in our own repo's newest records) is returned instead of posting again.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from platforms.base import PostedReply, RejectedByPlatform
from platforms.bluesky.api import POST, BlueskyApi
from platforms.bluesky.richtext import MAX_BYTES, handle_mentions, too_long

MAX_LENGTH = 300  # graphemes; and at most 3000 UTF-8 bytes
RECENT_RECORDS = 100


def web_url(handle: str, uri: str) -> str:
    """https://bsky.app/profile/<handle>/post/<rkey> for an at:// post URI."""
    return f"https://bsky.app/profile/{handle}/post/{uri.rsplit('/', 1)[-1]}"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class BlueskyReplyPublisher:
    """Replies from whichever official account the citizen addressed."""

    platform = "bluesky"
    max_length = MAX_LENGTH

    @staticmethod
    def length(text: str) -> int:
        """Code points: never fewer than the graphemes Bluesky counts, so a fit here fits there."""
        return len(text)

    def __init__(self, apis: dict[str, BlueskyApi]) -> None:
        # Keyed by official name ("MonmouthshireCC") and Bluesky handle, case-insensitively.
        self.apis: dict[str, BlueskyApi] = {}
        for name, api in apis.items():
            self.apis[name.lower()] = api
            self.apis[api.identifier.lower()] = api
        self._dids: dict[str, str] = {}

    def _api_for(self, account: str) -> BlueskyApi:
        api = self.apis.get(account.lower().lstrip("@"))
        if api is None:
            raise RejectedByPlatform(f"no Bluesky credentials for account {account!r}")
        return api

    async def reply(
        self,
        *,
        from_account: str,
        in_reply_to: str,
        text: str,
        idempotency_key: str,
        visibility: str | None = None,
    ) -> PostedReply:
        """Answer the post at `in_reply_to` (an at:// URI); every Bluesky post is public."""
        api = self._api_for(from_account)
        if too_long(text):
            raise RejectedByPlatform(
                f"reply longer than {MAX_LENGTH} graphemes or {MAX_BYTES} bytes; shorten it first"
            )
        if not in_reply_to.startswith("at://"):
            raise RejectedByPlatform(f"not a Bluesky post URI: {in_reply_to!r}")
        parents = await api.get_posts([in_reply_to])
        if not parents:
            raise RejectedByPlatform(f"post to answer not found: {in_reply_to}")
        our_did, our_handle = await api.did(), await api.handle()
        existing = await self._existing_reply(api, our_did, in_reply_to, text)
        if existing is not None:
            return PostedReply(id=existing, url=web_url(our_handle, existing))
        parent = parents[0]
        parent_ref = {"uri": parent["uri"], "cid": parent["cid"]}
        root = ((parent.get("record") or {}).get("reply") or {}).get("root") or parent_ref
        record: dict[str, Any] = {
            "$type": POST,
            "text": text,
            "createdAt": _now(),
            "langs": ["en"],
            "reply": {"root": {"uri": root["uri"], "cid": root["cid"]}, "parent": parent_ref},
        }
        facets = await self._facets(api, text)
        if facets:
            record["facets"] = facets
        created = await api.create_record(POST, record)
        return PostedReply(id=str(created["uri"]), url=web_url(our_handle, str(created["uri"])))

    async def _existing_reply(
        self, api: BlueskyApi, our_did: str, parent_uri: str, text: str
    ) -> str | None:
        """The URI of a reply we already posted under parent_uri with this text, if any."""
        try:
            thread = await api.get_post_thread(parent_uri, depth=1)
        except RejectedByPlatform:
            thread = {}  # e.g. the AppView has not indexed the parent: our repo still knows
        for child in thread.get("replies") or []:
            post = child.get("post") or {}
            if (post.get("author") or {}).get("did") == our_did and (
                (post.get("record") or {}).get("text") == text
            ):
                return str(post["uri"])
        for item in await api.list_records(POST, limit=RECENT_RECORDS):
            value = item.get("value") or {}
            parent = ((value.get("reply") or {}).get("parent") or {}).get("uri")
            if parent == parent_uri and value.get("text") == text:
                return str(item["uri"])
        return None

    async def _facets(self, api: BlueskyApi, text: str) -> list[dict[str, Any]]:
        """Mention facets (UTF-8 byte offsets) for each @handle that resolves to a DID."""
        facets = []
        for start, end, handle in handle_mentions(text):
            did = self._dids.get(handle)
            if did is None:
                try:
                    did = self._dids[handle] = await api.resolve_handle(handle)
                except RejectedByPlatform:
                    continue  # not a handle after all: leave it as plain text
            facets.append(
                {
                    "index": {"byteStart": start, "byteEnd": end},
                    "features": [{"$type": "app.bsky.richtext.facet#mention", "did": did}],
                }
            )
        return facets
