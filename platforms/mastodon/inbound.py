"""Mastodon inbound: mention notifications since the stored cursor, normalised to Mentions."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from typing import Any

from platforms.base import MentionPage
from platforms.mastodon.api import MastodonApi
from shared.events.mention import Author, Media, Mention


class _TextExtractor(HTMLParser):
    """Status content is HTML; citizens wrote text. Paragraphs and <br> become line breaks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "p":
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_to_text(content: str) -> str:
    parser = _TextExtractor()
    parser.feed(content)
    text = html.unescape("".join(parser.parts))
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def status_to_mention(status: dict[str, Any], *, received_by: str) -> Mention:
    """The contract's Mention from a Mastodon Status entity (Mastodon carries no coordinates)."""
    account = status["account"]
    return Mention(
        platform="mastodon",
        id=str(status["id"]),
        author=Author(
            id=str(account["id"]),
            handle=account.get("acct") or account["username"],
            display_name=account.get("display_name") or None,
        ),
        text=html_to_text(status.get("content") or ""),
        created_at=status["created_at"],
        mentions=["@" + m["acct"] for m in status.get("mentions", [])],
        geo=None,
        media=[
            Media(url=m.get("url") or m.get("remote_url") or "", content_type=_media_type(m))
            for m in status.get("media_attachments", [])
        ],
        in_reply_to=status.get("in_reply_to_id"),
        received_by=received_by,
        visibility=status.get("visibility"),
    )


def _media_type(attachment: dict[str, Any]) -> str:
    return {
        "image": "image/jpeg",
        "video": "video/mp4",
        "gifv": "video/mp4",
        "audio": "audio/mpeg",
    }.get(attachment.get("type", ""), "application/octet-stream")


class MastodonMentionSource:
    """Polls one official account's mention notifications."""

    platform = "mastodon"

    def __init__(self, api: MastodonApi, account: str, page_size: int = 40) -> None:
        self.api = api
        self.account = account
        self.page_size = page_size

    async def fetch_since(self, cursor: str | None) -> MentionPage:
        """All mentions newer than the cursor, following Link rel=next back to it, oldest first."""
        notifications: list[dict[str, Any]] = []
        max_id: str | None = None
        while True:
            page, max_id = await self.api.mention_notifications(
                since_id=cursor, max_id=max_id, limit=self.page_size
            )
            notifications.extend(page)
            if not page or max_id is None or len(page) < self.page_size:
                break
        notifications.sort(key=lambda n: int(n["id"]))
        mentions = [
            status_to_mention(n["status"], received_by=self.account)
            for n in notifications
            if n.get("type") == "mention" and n.get("status")
        ]
        newest = notifications[-1]["id"] if notifications else cursor
        return MentionPage(mentions=mentions, cursor=newest)
