"""Facebook inbound: webhook changes (and the objects they point at) normalised to Mentions.

- `feed` changes carry a comment's text; a visitor's post is fetched for its place and photos.
- `mention` changes carry no text at all, so the tagged post or comment is fetched.
- Anything a Page Heard runs wrote (our own replies) is ignored.
"""

from __future__ import annotations

import logging
import mimetypes
import re
from datetime import UTC, datetime
from typing import Any

from platforms.base import RejectedByPlatform
from platforms.facebook.api import GraphApi
from shared.events.mention import Author, GeoPoint, Media, Mention

log = logging.getLogger(__name__)

POST_FIELDS = ("id", "message", "from", "created_time", "place", "attachments", "permalink_url")
# Comments have `parent` and a single `attachment`; asking a Comment for `place` is an error.
COMMENT_FIELDS = ("id", "message", "from", "created_time", "parent", "attachment", "permalink_url")
POST_ITEMS = frozenset({"status", "post", "photo", "video"})
MENTION_RE = re.compile(r"(?<![\w@/])@\w+")
Json = dict[str, Any]


def graph_time(value: Any) -> datetime:
    """Webhooks give epoch seconds; Graph objects give "2025-01-15T10:30:00+0000"."""
    if isinstance(value, int | float):
        return datetime.fromtimestamp(value, UTC)
    return datetime.strptime(str(value), "%Y-%m-%dT%H:%M:%S%z")


def _author(person: Json | None, fallback_id: str = "", fallback_name: str = "") -> Author:
    person = person or {}
    author_id = str(person.get("id") or fallback_id or "unknown")
    name = person.get("name") or fallback_name or None
    # People on Facebook have no public handle: their name is how a reply addresses them.
    return Author(id=author_id, handle=name or author_id, display_name=name)


def _media_type(kind: str, url: str) -> str:
    if "video" in kind:
        return "video/mp4"
    guessed = mimetypes.guess_type(url.split("?")[0])[0]
    return guessed if guessed and guessed.startswith("image/") else "image/jpeg"


def _attachment_media(attachment: Json) -> list[Media]:
    found: list[Media] = []
    src = ((attachment.get("media") or {}).get("image") or {}).get("src")
    kind = str(attachment.get("media_type") or attachment.get("type") or "photo")
    if src:
        found.append(Media(url=src, content_type=_media_type(kind, src)))
    for sub in (attachment.get("subattachments") or {}).get("data") or []:
        found.extend(_attachment_media(sub))
    return found


def _geo(place: Json | None) -> GeoPoint | None:
    location = (place or {}).get("location") or {}
    lat, lon = location.get("latitude"), location.get("longitude")
    if isinstance(lat, int | float) and isinstance(lon, int | float):
        return GeoPoint(lat=lat, lon=lon)
    return None


def _mentions(text: str, received_by: str, tagged: bool) -> list[str]:
    written = MENTION_RE.findall(text)
    # A tag shows the Page's name, not "@handle": a mention change still means it was addressed.
    if tagged and received_by.lower() not in (m[1:].lower() for m in written):
        written.append("@" + received_by)
    return written


def mention_from_post(post: Json, *, received_by: str, tagged: bool = False) -> Mention:
    """A fetched Post (POST_FIELDS) as a Mention."""
    text = post.get("message") or ""
    media = [
        m for a in (post.get("attachments") or {}).get("data") or [] for m in _attachment_media(a)
    ]
    return Mention(
        platform="facebook",
        id=str(post["id"]),
        author=_author(post.get("from")),
        text=text,
        created_at=graph_time(post["created_time"]),
        mentions=_mentions(text, received_by, tagged),
        geo=_geo(post.get("place")),
        media=media,
        in_reply_to=None,
        received_by=received_by,
        visibility="public",
    )


def mention_from_comment(
    comment: Json, *, received_by: str, post_id: str | None, tagged: bool = False
) -> Mention:
    """A fetched Comment (COMMENT_FIELDS): it answers its parent comment, else the post."""
    text = comment.get("message") or ""
    attachment = comment.get("attachment")
    return Mention(
        platform="facebook",
        id=str(comment["id"]),
        author=_author(comment.get("from")),
        text=text,
        created_at=graph_time(comment["created_time"]),
        mentions=_mentions(text, received_by, tagged),
        geo=None,
        media=_attachment_media(attachment) if isinstance(attachment, dict) else [],
        in_reply_to=(comment.get("parent") or {}).get("id") or post_id,
        received_by=received_by,
        visibility="public",
    )


def mention_from_feed_comment(value: Json, *, received_by: str) -> Mention:
    """A `feed` comment change carries everything: no fetch needed."""
    text = value.get("message") or ""
    media = []
    for key, kind in (("photo", "photo"), ("video", "video")):
        if value.get(key):
            media.append(Media(url=value[key], content_type=_media_type(kind, value[key])))
    return Mention(
        platform="facebook",
        id=str(value["comment_id"]),
        author=_author(value.get("from")),
        text=text,
        created_at=graph_time(value["created_time"]),
        mentions=_mentions(text, received_by, False),
        geo=None,
        media=media,
        in_reply_to=value.get("parent_id") or value.get("post_id"),
        received_by=received_by,
        visibility="public",
    )


async def mentions_from_entry(
    entry: Json, *, handle: str, token: str, own_page_ids: frozenset[str], graph: GraphApi
) -> list[Mention]:
    """Every citizen's post or comment in one webhook entry for the Page `handle`.

    Transient Graph errors propagate (the delivery must be retried); an object Graph refuses
    to show (deleted, hidden) is skipped, since asking again will not help.
    """
    found: list[Mention] = []
    for change in entry.get("changes") or []:
        value = change.get("value") or {}
        if not isinstance(value, dict) or value.get("verb", "add") != "add":
            continue
        sender = (value.get("from") or {}).get("id") or value.get("sender_id")
        if sender in own_page_ids:
            continue  # our own replies and posts come back through the feed too
        try:
            mention = await _mention_for(change.get("field"), value, handle, token, graph)
        except RejectedByPlatform as error:
            log.warning("facebook change for %s skipped: %s", handle, error)
            continue
        if mention is not None and mention.author.id not in own_page_ids:
            found.append(mention)
    return found


async def _mention_for(
    field: Any, value: Json, handle: str, token: str, graph: GraphApi
) -> Mention | None:
    item = value.get("item")
    if field == "feed" and item == "comment" and value.get("comment_id"):
        return mention_from_feed_comment(value, received_by=handle)
    if field == "feed" and item in POST_ITEMS and value.get("post_id"):
        post = await graph.get_object(value["post_id"], token=token, fields=POST_FIELDS)
        return mention_from_post(post, received_by=handle)
    if field == "mention" and item == "comment" and value.get("comment_id"):
        comment = await graph.get_object(value["comment_id"], token=token, fields=COMMENT_FIELDS)
        return mention_from_comment(
            comment, received_by=handle, post_id=value.get("post_id"), tagged=True
        )
    if field == "mention" and item == "post" and value.get("post_id"):
        post = await graph.get_object(value["post_id"], token=token, fields=POST_FIELDS)
        return mention_from_post(post, received_by=handle, tagged=True)
    return None
