"""X API v2 objects (Post, User, Media, Place) with fields and expansions honoured.

By default a Post has only id, text and edit_history_tweet_ids, a User id/name/username, a
Media media_key/type and a Place id/full_name, as on X; everything else is asked for with
tweet.fields / user.fields / media.fields / place.fields and expansions. Unknown values
are a 400 in X's invalid-request shape. Text is HTML-escaped (&amp; &lt; &gt;) as X does;
entity offsets count code points of the unescaped text. URLs are not wrapped in t.co.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from html import escape
from typing import Any

from fakes.x.fields import Fields, timestamp
from fakes.x.models import MediaItem, Place, Post, User
from fakes.x.store import Store

Json = dict[str, Any]


def post_json(store: Store, post: Post, fields: Iterable[str] = ()) -> Json:
    """A v2 Post with the default fields plus the requested tweet.fields."""
    wanted = set(fields)
    body: Json = {
        "id": post.id,
        "text": escape(post.text, quote=False),
        "edit_history_tweet_ids": [post.id],
    }
    optional: Json = {
        "author_id": post.author_id,
        "created_at": timestamp(post.created_at),
        "conversation_id": post.conversation_id,
        "lang": post.lang,
        "possibly_sensitive": False,
        "reply_settings": "everyone",
        "source": "Heard fake X",
        "edit_controls": {
            "edits_remaining": 5,
            "is_edit_eligible": not post.media_keys,
            "editable_until": timestamp(post.created_at + timedelta(hours=1)),
        },
        "public_metrics": {
            "retweet_count": 0,
            "reply_count": sum(1 for p in store.posts.values() if p.replied_to == post.id),
            "like_count": 0,
            "quote_count": 0,
            "bookmark_count": 0,
            "impression_count": 0,
        },
    }
    if post.in_reply_to_user_id:
        optional["in_reply_to_user_id"] = post.in_reply_to_user_id
    if post.replied_to:
        optional["referenced_tweets"] = post.referenced_tweets()
    entities = _entities(post)
    if entities:
        optional["entities"] = entities
    if post.media_keys:
        optional["attachments"] = {"media_keys": list(post.media_keys)}
    geo = _geo(post)
    if geo:
        optional["geo"] = geo
    body.update({k: v for k, v in optional.items() if k in wanted})
    return body


def _entities(post: Post) -> Json:
    entities: Json = {}
    if post.mentions:
        entities["mentions"] = [
            {"start": m.start, "end": m.end, "username": m.username}
            | ({"id": m.user_id} if m.user_id else {})
            for m in post.mentions
        ]
    if post.urls:
        entities["urls"] = [
            {"start": s, "end": e, "url": u, "expanded_url": u, "display_url": u.split("://")[-1]}
            for s, e, u in post.urls
        ]
    return entities


def _geo(post: Post) -> Json:
    geo: Json = {}
    if post.place_id:
        geo["place_id"] = post.place_id
    if post.coordinates:
        geo["coordinates"] = {"type": "Point", "coordinates": list(post.coordinates)}
    return geo


def user_json(user: User, fields: Iterable[str] = ()) -> Json:
    """A v2 User: id, name, username plus the requested user.fields."""
    optional: Json = {
        "created_at": timestamp(user.created_at),
        "description": user.description,
        "location": "",
        "protected": False,
        "verified": user.official,
        "verified_type": "government" if user.official else "none",
        "url": "",
        "profile_image_url": "https://abs.twimg.com/sticky/default_profile_images/default_profile_normal.png",
        "public_metrics": {
            "followers_count": 0,
            "following_count": 0,
            "tweet_count": 0,
            "listed_count": 0,
            "like_count": 0,
        },
    }
    wanted = set(fields)
    return {"id": user.id, "name": user.name, "username": user.username} | {
        k: v for k, v in optional.items() if k in wanted
    }


def media_json(item: MediaItem, fields: Iterable[str] = ()) -> Json:
    """A v2 Media: media_key, type plus the requested media.fields (url only for photos)."""
    optional: Json = {"width": item.width, "height": item.height}
    if item.type == "photo":
        optional["url"] = item.url
    else:
        optional["preview_image_url"] = f"https://pbs.twimg.com/media/preview{item.media_id}.jpg"
        optional["variants"] = [{"bit_rate": 2176000, "content_type": "video/mp4", "url": item.url}]
        optional["duration_ms"] = 12000
    if item.alt_text:
        optional["alt_text"] = item.alt_text
    wanted = set(fields)
    return {"media_key": item.media_key, "type": item.type} | {
        k: v for k, v in optional.items() if k in wanted
    }


def place_json(place: Place, fields: Iterable[str] = ()) -> Json:
    """A v2 Place: id, full_name plus the requested place.fields."""
    optional: Json = {
        "name": place.name,
        "country": place.country,
        "country_code": place.country_code,
        "place_type": place.place_type,
        "contained_within": [],
        "geo": {"type": "Feature", "bbox": list(place.bbox), "properties": {}},
    }
    wanted = set(fields)
    return {"id": place.id, "full_name": place.full_name} | {
        k: v for k, v in optional.items() if k in wanted
    }


def includes_json(store: Store, posts: Iterable[Post], fields: Fields) -> Json:
    """The includes object for these posts and the requested expansions."""
    exp = fields.expansions
    user_ids: list[str] = []
    tweet_ids: list[str] = []
    media_keys: list[str] = []
    place_ids: list[str] = []
    for post in posts:
        if "author_id" in exp:
            user_ids.append(post.author_id)
        if "entities.mentions.username" in exp:
            user_ids += [m.user_id for m in post.mentions if m.user_id]
        if "in_reply_to_user_id" in exp and post.in_reply_to_user_id:
            user_ids.append(post.in_reply_to_user_id)
        parent = store.posts.get(post.replied_to or "")
        if "referenced_tweets.id" in exp and parent:
            tweet_ids.append(parent.id)
        if "referenced_tweets.id.author_id" in exp and parent:
            user_ids.append(parent.author_id)
        if "attachments.media_keys" in exp:
            media_keys += post.media_keys
        if "geo.place_id" in exp and post.place_id:
            place_ids.append(post.place_id)
    includes: Json = {}
    if user_ids:
        found = [store.users[u] for u in dict.fromkeys(user_ids) if u in store.users]
        includes["users"] = [user_json(u, fields.user) for u in found]
    if tweet_ids:
        includes["tweets"] = [
            post_json(store, store.posts[t], fields.tweet) for t in dict.fromkeys(tweet_ids)
        ]
    if media_keys:
        includes["media"] = [
            media_json(store.media[k], fields.media)
            for k in dict.fromkeys(media_keys)
            if k in store.media
        ]
    if place_ids:
        includes["places"] = [
            place_json(store.places[p], fields.place) for p in dict.fromkeys(place_ids)
        ]
    return includes


def posts_response(store: Store, posts: list[Post], fields: Fields, meta: Json | None) -> Json:
    """{"data": [...], "includes": {...}, "meta": {...}} with empty parts left out, like X."""
    body: Json = {}
    if posts:
        body["data"] = [post_json(store, p, fields.tweet) for p in posts]
        includes = includes_json(store, posts, fields)
        if includes:
            body["includes"] = includes
    if meta is not None:
        body["meta"] = meta
    return body
