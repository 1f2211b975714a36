"""AppView JSON: profiles, post views and threads (app.bsky.actor.defs / app.bsky.feed.defs)."""

from __future__ import annotations

from typing import Any

from fakes.bluesky.store import POST, Account, Record, Store

CDN = "https://cdn.bsky.app/img"
Json = dict[str, Any]


def profile_basic(account: Account) -> Json:
    """app.bsky.actor.defs#profileViewBasic."""
    return {
        "did": account.did,
        "handle": account.handle,
        "displayName": account.display_name,
        "labels": [],
        "createdAt": account.created_at,
    }


def profile_detailed(store: Store, account: Account) -> Json:
    """app.bsky.actor.defs#profileViewDetailed, counting the account's posts in this fake."""
    posts = sum(1 for r in store.records.values() if r.did == account.did and r.collection == POST)
    return {
        **profile_basic(account),
        "description": "Official account" if account.official else "",
        "followersCount": 0,
        "followsCount": 0,
        "postsCount": posts,
        "indexedAt": account.created_at,
    }


def _image_view(did: str, image: Json) -> Json:
    link = ((image.get("image") or {}).get("ref") or {}).get("$link", "")
    view: Json = {
        "thumb": f"{CDN}/feed_thumbnail/plain/{did}/{link}@jpeg",
        "fullsize": f"{CDN}/feed_fullsize/plain/{did}/{link}@jpeg",
        "alt": image.get("alt", ""),
    }
    if image.get("aspectRatio"):
        view["aspectRatio"] = image["aspectRatio"]
    return view


def _embed_view(did: str, embed: Json) -> Json | None:
    if embed.get("$type") == "app.bsky.embed.images":
        return {
            "$type": "app.bsky.embed.images#view",
            "images": [_image_view(did, i) for i in embed.get("images", [])],
        }
    return None  # other embeds are kept in the record but not rendered by the fake


def post_view(store: Store, record: Record) -> Json:
    """app.bsky.feed.defs#postView of a stored post."""
    author = store.accounts[record.did]
    view: Json = {
        "$type": "app.bsky.feed.defs#postView",
        "uri": record.uri,
        "cid": record.cid,
        "author": profile_basic(author),
        "record": record.value,
        "replyCount": len(store.replies_to(record.uri)),
        "repostCount": 0,
        "likeCount": 0,
        "quoteCount": 0,
        "indexedAt": record.indexed_at,
        "labels": [],
    }
    embed = _embed_view(record.did, record.value.get("embed") or {})
    if embed is not None:
        view["embed"] = embed
    return view


def thread_view(store: Store, record: Record, depth: int, parent_height: int) -> Json:
    """app.bsky.feed.defs#threadViewPost: ancestors up to parent_height, replies to depth."""
    view: Json = {"$type": "app.bsky.feed.defs#threadViewPost", "post": post_view(store, record)}
    parent_uri = ((record.value.get("reply") or {}).get("parent") or {}).get("uri")
    if parent_uri and parent_height > 0:
        parent = store.records.get(parent_uri)
        view["parent"] = (
            _ancestors(store, parent, parent_height)
            if parent
            else {"$type": "app.bsky.feed.defs#notFoundPost", "uri": parent_uri, "notFound": True}
        )
    if depth > 0:
        view["replies"] = [
            thread_view(store, reply, depth - 1, 0) for reply in store.replies_to(record.uri)
        ]
    return view


def _ancestors(store: Store, record: Record, height: int) -> Json:
    view = thread_view(store, record, 0, height - 1)
    view.pop("replies", None)
    return view
