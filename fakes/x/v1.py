"""Posts as v1.1 Tweet objects, the shape Account Activity webhooks still deliver.

A post longer than 140 characters arrives truncated (text cut at 113 code points plus
"… https://t.co/<id>", truncated=true) with the whole text in extended_tweet.full_text,
as X does for longform posts. `coordinates` is GeoJSON [lon, lat]; the deprecated `geo`
is [lat, lon]; `place` has a bounding_box polygon.
"""

from __future__ import annotations

from typing import Any

from fakes.x.models import Post, User
from fakes.x.store import Store

Json = dict[str, Any]
COMPAT_LENGTH = 140


def v1_time(post: Post) -> str:
    """v1.1's created_at: "Mon May 19 14:01:46 +0000 2025"."""
    return post.created_at.strftime("%a %b %d %H:%M:%S +0000 %Y")


def v1_user(user: User) -> Json:
    """A v1.1 User object (the fields Heard and most clients read)."""
    return {
        "id": int(user.id),
        "id_str": user.id,
        "name": user.name,
        "screen_name": user.username,
        "location": None,
        "description": user.description,
        "protected": False,
        "verified": user.official,
        "followers_count": 0,
        "friends_count": 0,
        "statuses_count": 0,
        "created_at": user.created_at.strftime("%a %b %d %H:%M:%S +0000 %Y"),
        "profile_image_url_https": "https://abs.twimg.com/sticky/default_profile_images/default_profile_normal.png",
    }


def _entities(store: Store, post: Post) -> Json:
    mentions = []
    for m in post.mentions:
        user = store.users.get(m.user_id or "")
        if user is not None:
            mentions.append(
                {
                    "screen_name": user.username,
                    "name": user.name,
                    "id": int(user.id),
                    "id_str": user.id,
                    "indices": [m.start, m.end],
                }
            )
    urls = [
        {"url": u, "expanded_url": u, "display_url": u.split("://")[-1], "indices": [s, e]}
        for s, e, u in post.urls
    ]
    return {"hashtags": [], "urls": urls, "user_mentions": mentions, "symbols": []}


def _media(store: Store, post: Post) -> list[Json]:
    items = []
    for key in post.media_keys:
        m = store.media[key]
        item: Json = {
            "id": int(m.media_id),
            "id_str": m.media_id,
            "indices": [len(post.text), len(post.text)],
            "media_url_https": m.url
            if m.type == "photo"
            else f"https://pbs.twimg.com/media/preview{m.media_id}.jpg",
            "url": f"https://t.co/{m.media_id[-10:]}",
            "display_url": f"pic.x.com/{m.media_id[-10:]}",
            "expanded_url": f"https://x.com/i/status/{post.id}/photo/1",
            "type": m.type,
            "sizes": {"large": {"w": m.width, "h": m.height, "resize": "fit"}},
        }
        if m.type != "photo":
            item["video_info"] = {
                "aspect_ratio": [4, 3],
                "variants": [{"bitrate": 2176000, "content_type": "video/mp4", "url": m.url}],
            }
        if m.alt_text:
            item["ext_alt_text"] = m.alt_text
        items.append(item)
    return items


def _place(store: Store, post: Post) -> Json | None:
    place = store.places.get(post.place_id or "")
    if place is None:
        return None
    west, south, east, north = place.bbox
    ring = [[west, south], [east, south], [east, north], [west, north]]
    return {
        "id": place.id,
        "url": f"https://api.x.com/1.1/geo/id/{place.id}.json",
        "place_type": place.place_type,
        "name": place.name,
        "full_name": place.full_name,
        "country_code": place.country_code,
        "country": place.country,
        "bounding_box": {"type": "Polygon", "coordinates": [ring]},
        "attributes": {},
    }


def tweet_v1(store: Store, post: Post) -> Json:
    """The post as a v1.1 Tweet object in compatibility mode (see the module docstring)."""
    author = store.users[post.author_id]
    parent = store.posts.get(post.replied_to or "")
    parent_author = store.users.get(parent.author_id) if parent else None
    entities = _entities(store, post)
    media = _media(store, post)
    truncated = len(post.text) > COMPAT_LENGTH
    text = post.text
    if truncated:
        text = post.text[:113] + "… " + f"https://t.co/{post.id[-10:]}"
    body: Json = {
        "created_at": v1_time(post),
        "id": int(post.id),
        "id_str": post.id,
        "text": text,
        "display_text_range": [0, min(len(post.text), COMPAT_LENGTH)],
        "source": '<a href="https://heard.invalid" rel="nofollow">Heard fake X</a>',
        "truncated": truncated,
        "in_reply_to_status_id": int(parent.id) if parent else None,
        "in_reply_to_status_id_str": parent.id if parent else None,
        "in_reply_to_user_id": int(parent_author.id) if parent_author else None,
        "in_reply_to_user_id_str": parent_author.id if parent_author else None,
        "in_reply_to_screen_name": parent_author.username if parent_author else None,
        "user": v1_user(author),
        "geo": None,
        "coordinates": None,
        "place": _place(store, post),
        "contributors": None,
        "is_quote_status": False,
        "quote_count": 0,
        "reply_count": 0,
        "retweet_count": 0,
        "favorite_count": 0,
        "entities": entities,
        "favorited": False,
        "retweeted": False,
        "filter_level": "low",
        "lang": post.lang,
        "timestamp_ms": str(int(post.created_at.timestamp() * 1000)),
    }
    if post.coordinates:
        lon, lat = post.coordinates
        body["coordinates"] = {"type": "Point", "coordinates": [lon, lat]}
        body["geo"] = {"type": "Point", "coordinates": [lat, lon]}
    if truncated:
        # Only entities inside the visible (cut) text stay at the top level.
        body["entities"] = {
            key: [e for e in value if e["indices"][1] <= 113] for key, value in entities.items()
        }
        body["extended_tweet"] = {
            "full_text": post.text,
            "display_text_range": [0, len(post.text)],
            "entities": entities,
        }
        if media:
            body["extended_tweet"]["extended_entities"] = {"media": media}
    elif media:
        body["extended_entities"] = {"media": media}
        body["entities"]["media"] = media[:1]
    return body
