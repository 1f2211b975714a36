"""X posts to the contract's Mention: v2 Posts (+ includes) and v1.1 webhook Tweets.

- Text is HTML-unescaped (X sends &amp; &lt; &gt;); long posts use note_tweet.text (v2) or
  extended_tweet.full_text (v1.1).
- Mentions keep the leading "@" and the spelling in the text.
- Geo: exact coordinates (GeoJSON [lon, lat]) when present; otherwise the centre of the
  place's box only for a "poi" place, since a city's box says little about where the
  pothole is.
- Media: photo URLs with a type from the extension; videos and GIFs as their best mp4.
- Fields renamed by X's newest OpenAPI (referenced_posts) are accepted as well.
"""

from __future__ import annotations

import html
from datetime import datetime
from typing import Any

from shared.events.mention import Author, GeoPoint, Media, Mention

Json = dict[str, Any]
_IMAGE_TYPES = {"png": "image/png", "gif": "image/gif", "webp": "image/webp"}


def post_to_mention(post: Json, includes: Json, *, received_by: str) -> Mention:
    """A v2 Post with its response's includes (author, media, places)."""
    users = {u["id"]: u for u in includes.get("users", [])}
    author = users.get(post.get("author_id", ""), {})
    text = html.unescape((post.get("note_tweet") or {}).get("text") or post.get("text") or "")
    entities = post.get("entities") or (post.get("note_tweet") or {}).get("entities") or {}
    media_by_key = {m["media_key"]: m for m in includes.get("media", [])}
    attached = (post.get("attachments") or {}).get("media_keys", [])
    referenced = post.get("referenced_tweets") or post.get("referenced_posts") or []
    geo = post.get("geo") or {}
    places = {p["id"]: p for p in includes.get("places", [])}
    place = places.get(geo.get("place_id", ""), {})
    return Mention(
        platform="x",
        id=str(post["id"]),
        author=Author(
            id=str(post.get("author_id", "")),
            handle=author.get("username") or str(post.get("author_id", "")),
            display_name=author.get("name") or None,
        ),
        text=text,
        created_at=datetime.fromisoformat(post["created_at"]),
        mentions=_mentions(
            text,
            [(m.get("start"), m.get("end"), m["username"]) for m in entities.get("mentions", [])],
        ),
        geo=_point(geo.get("coordinates")) or _poi((place.get("geo") or {}).get("bbox"), place),
        media=[_v2_media(media_by_key[k]) for k in attached if k in media_by_key],
        in_reply_to=next((str(r["id"]) for r in referenced if r.get("type") == "replied_to"), None),
        received_by=received_by,
        visibility="public",
    )


def tweet_v1_to_mention(tweet: Json, *, received_by: str) -> Mention:
    """A v1.1 Tweet from an Account Activity tweet_create_events delivery."""
    extended = tweet.get("extended_tweet") or {}
    text = html.unescape(extended.get("full_text") or tweet.get("full_text") or tweet["text"])
    entities = extended.get("entities") or tweet.get("entities") or {}
    media = (
        (extended.get("extended_entities") or tweet.get("extended_entities") or {}).get("media")
        or entities.get("media")
        or []
    )
    user = tweet["user"]
    place = tweet.get("place") or {}
    ring = ((place.get("bounding_box") or {}).get("coordinates") or [[]])[0]
    bbox = (
        [
            min(p[0] for p in ring),
            min(p[1] for p in ring),
            max(p[0] for p in ring),
            max(p[1] for p in ring),
        ]
        if ring
        else None
    )
    return Mention(
        platform="x",
        id=str(tweet["id_str"]),
        author=Author(
            id=str(user["id_str"]),
            handle=user["screen_name"],
            display_name=user.get("name") or None,
        ),
        text=text,
        created_at=datetime.strptime(tweet["created_at"], "%a %b %d %H:%M:%S %z %Y"),
        mentions=_mentions(
            text,
            [
                (*(m.get("indices") or (None, None)), m["screen_name"])
                for m in entities.get("user_mentions", [])
            ],
        ),
        # `coordinates` is GeoJSON [lon, lat]; the deprecated `geo` is [lat, lon]: not used.
        geo=_point(tweet.get("coordinates")) or _poi(bbox, place),
        media=[_v1_media(m) for m in media],
        in_reply_to=tweet.get("in_reply_to_status_id_str"),
        received_by=received_by,
        visibility="public",
    )


def _mentions(text: str, found: list[tuple[Any, Any, str]]) -> list[str]:
    """ "@name" as written in the text when the offsets point at it, else "@" + username."""
    mentions = []
    for start, end, username in found:
        written = text[start:end] if isinstance(start, int) and isinstance(end, int) else ""
        ok = written.lower() == "@" + username.lower()
        mentions.append(written if ok else "@" + username)
    return mentions


def _point(point: Json | None) -> GeoPoint | None:
    coordinates = (point or {}).get("coordinates")
    if not coordinates or len(coordinates) != 2:
        return None
    lon, lat = coordinates
    return GeoPoint(lat=lat, lon=lon)


def _poi(bbox: list[float] | None, place: Json) -> GeoPoint | None:
    if not bbox or place.get("place_type") != "poi":
        return None
    west, south, east, north = bbox
    return GeoPoint(lat=(south + north) / 2, lon=(west + east) / 2)


def _image_type(url: str) -> str:
    return _IMAGE_TYPES.get(url.rsplit(".", 1)[-1].split("?")[0].lower(), "image/jpeg")


def _best_mp4(variants: list[Json]) -> Json | None:
    mp4 = [v for v in variants if v.get("content_type") == "video/mp4"]
    return max(mp4, key=lambda v: v.get("bit_rate") or v.get("bitrate") or 0, default=None)


def _v2_media(item: Json) -> Media:
    if item.get("type") == "photo" and item.get("url"):
        return Media(url=item["url"], content_type=_image_type(item["url"]))
    best = _best_mp4(item.get("variants") or [])
    if best:
        return Media(url=best["url"], content_type="video/mp4")
    preview = item.get("preview_image_url") or item.get("url") or ""
    return Media(
        url=preview, content_type=_image_type(preview) if preview else "application/octet-stream"
    )


def _v1_media(item: Json) -> Media:
    best = _best_mp4((item.get("video_info") or {}).get("variants") or [])
    if item.get("type") != "photo" and best:
        return Media(url=best["url"], content_type="video/mp4")
    url = item.get("media_url_https") or item.get("media_url") or ""
    return Media(url=url, content_type=_image_type(url))
