"""Jetstream post events to the contract's Mention (pure functions, no network)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from shared.events.mention import Author, Media, Mention

POST = "app.bsky.feed.post"
MENTION_FEATURE = "app.bsky.richtext.facet#mention"


def post_uri(event: dict[str, Any]) -> str:
    """at://{did}/{collection}/{rkey} of a commit event."""
    commit = event["commit"]
    return f"at://{event['did']}/{commit['collection']}/{commit['rkey']}"


def mention_facets(record: dict[str, Any]) -> list[tuple[int, int, str]]:
    """(byteStart, byteEnd, did) of every mention facet, in text order."""
    found = []
    for facet in record.get("facets") or []:
        index = facet.get("index") or {}
        for feature in facet.get("features") or []:
            if feature.get("$type") == MENTION_FEATURE and feature.get("did"):
                found.append(
                    (
                        int(index.get("byteStart", 0)),
                        int(index.get("byteEnd", 0)),
                        str(feature["did"]),
                    )
                )
    return sorted(found)


def facet_text(text: str, start: int, end: int) -> str:
    """The text a facet covers (its offsets are UTF-8 bytes, not characters)."""
    return text.encode()[start:end].decode(errors="replace")


def created_at(record: dict[str, Any], time_us: int) -> datetime:
    """The post's createdAt with its offset; a missing or naive value falls back sensibly."""
    raw = record.get("createdAt")
    try:
        moment = datetime.fromisoformat(str(raw).replace("Z", "+00:00"))
    except ValueError:
        return datetime.fromtimestamp(time_us / 1_000_000, UTC)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _images(embed: dict[str, Any]) -> list[dict[str, Any]]:
    kind = embed.get("$type")
    if kind == "app.bsky.embed.recordWithMedia":
        return _images(embed.get("media") or {})
    if kind == "app.bsky.embed.images":
        return list(embed.get("images") or [])
    return []


def media(did: str, record: dict[str, Any], cdn_url: str) -> list[Media]:
    """Image blobs as CDN URLs; the CDN serves the @jpeg variant, whatever was uploaded."""
    found = []
    for image in _images(record.get("embed") or {}):
        blob = image.get("image") or {}
        # Blob refs are {"ref": {"$link": cid}}; records from 2023 have a bare {"cid": ...}.
        cid = (blob.get("ref") or {}).get("$link") or blob.get("cid")
        if cid:
            url = f"{cdn_url.rstrip('/')}/img/feed_fullsize/plain/{did}/{cid}@jpeg"
            found.append(Media(url=url, content_type="image/jpeg"))
    return found


def to_mention(
    event: dict[str, Any], *, author: Author, mentions: list[str], received_by: str, cdn_url: str
) -> Mention:
    """The Mention for a post create event; Bluesky posts carry no coordinates and are public."""
    record = event["commit"]["record"]
    reply = record.get("reply") or {}
    return Mention(
        platform="bluesky",
        id=post_uri(event),
        author=author,
        text=str(record.get("text", "")),
        created_at=created_at(record, int(event["time_us"])),
        mentions=mentions,
        geo=None,
        media=media(event["did"], record, cdn_url),
        in_reply_to=(reply.get("parent") or {}).get("uri"),
        received_by=received_by,
        visibility="public",
    )
