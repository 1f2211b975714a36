"""Validation of app.bsky.feed.post records, as the PDS's lexicon check would do it.

Stricter than a real PDS in one way, on purpose: reply refs must point at posts this fake
holds, with their current CIDs, and `root` must be the parent's own root (or the parent
itself). A real PDS stores any well-formed strong ref and leaves threading to the AppView;
here a wrong root or parent is an InvalidRequest, so adapter bugs show up in tests.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fakes.bluesky.errors import invalid_request
from fakes.bluesky.store import Store
from fakes.bluesky.text import MAX_BYTES, MAX_GRAPHEMES, grapheme_count

MAX_IMAGES = 4
FACET_FEATURES = (
    "app.bsky.richtext.facet#mention",
    "app.bsky.richtext.facet#link",
    "app.bsky.richtext.facet#tag",
)


def validate_post(store: Store, record: dict[str, Any]) -> None:
    """Raise InvalidRequest unless record is a post this fake would accept."""
    text = record.get("text")
    if not isinstance(text, str):
        raise invalid_request("Invalid app.bsky.feed.post record: text must be a string")
    if grapheme_count(text) > MAX_GRAPHEMES:
        raise invalid_request(
            f"Invalid app.bsky.feed.post record: Record/text must not be longer than "
            f"{MAX_GRAPHEMES} graphemes"
        )
    if len(text.encode()) > MAX_BYTES:
        raise invalid_request(
            f"Invalid app.bsky.feed.post record: Record/text must not be longer than "
            f"{MAX_BYTES} characters"
        )
    _validate_created_at(record.get("createdAt"))
    _validate_facets(record.get("facets") or [], len(text.encode()))
    if record.get("reply") is not None:
        _validate_reply(store, record["reply"])
    if record.get("embed") is not None:
        _validate_embed(store, record["embed"])


def _validate_created_at(value: Any) -> None:
    if not isinstance(value, str):
        raise invalid_request("Invalid app.bsky.feed.post record: Record must have createdAt")
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise invalid_request("Invalid app.bsky.feed.post record: bad createdAt") from None
    if moment.tzinfo is None:
        raise invalid_request("Invalid app.bsky.feed.post record: createdAt needs a timezone")


def _validate_facets(facets: Any, text_bytes: int) -> None:
    if not isinstance(facets, list):
        raise invalid_request("Invalid app.bsky.feed.post record: facets must be an array")
    for facet in facets:
        index = facet.get("index") if isinstance(facet, dict) else None
        start = index.get("byteStart") if isinstance(index, dict) else None
        end = index.get("byteEnd") if isinstance(index, dict) else None
        if not (
            isinstance(start, int) and isinstance(end, int) and 0 <= start <= end <= text_bytes
        ):
            raise invalid_request(
                "Invalid app.bsky.feed.post record: facet index must be UTF-8 byte offsets "
                "within the text"
            )
        features = facet.get("features")
        if not isinstance(features, list) or not features:
            raise invalid_request("Invalid app.bsky.feed.post record: facet needs features")
        for feature in features:
            kind = feature.get("$type") if isinstance(feature, dict) else None
            if kind not in FACET_FEATURES:
                raise invalid_request(f"Invalid app.bsky.feed.post record: facet type {kind}")
            if kind.endswith("#mention") and not str(feature.get("did", "")).startswith("did:"):
                raise invalid_request("Invalid app.bsky.feed.post record: mention needs a did")


def _strong_ref(store: Store, ref: Any, name: str) -> dict[str, Any]:
    if not isinstance(ref, dict) or not isinstance(ref.get("uri"), str) or not ref.get("cid"):
        raise invalid_request(f"Invalid app.bsky.feed.post record: reply/{name} needs uri+cid")
    record = store.records.get(ref["uri"])
    if record is None:
        raise invalid_request(f"reply/{name} does not exist: {ref['uri']}")
    if record.cid != ref["cid"]:
        raise invalid_request(f"reply/{name} cid does not match the record: {ref['uri']}")
    return record.value


def _validate_reply(store: Store, reply: Any) -> None:
    if not isinstance(reply, dict):
        raise invalid_request("Invalid app.bsky.feed.post record: reply must be an object")
    _strong_ref(store, reply.get("root"), "root")
    parent = _strong_ref(store, reply.get("parent"), "parent")
    expected_root = (parent.get("reply") or {}).get("root", {}).get("uri") or reply["parent"]["uri"]
    if reply["root"]["uri"] != expected_root:
        raise invalid_request(f"reply/root must be the thread root {expected_root}")


def _validate_embed(store: Store, embed: Any) -> None:
    kind = embed.get("$type") if isinstance(embed, dict) else None
    if kind == "app.bsky.embed.recordWithMedia":
        _validate_embed(store, embed.get("media"))
        return
    if kind != "app.bsky.embed.images":
        return  # external links and quotes are stored as given
    images = embed.get("images")
    if not isinstance(images, list) or not 1 <= len(images) <= MAX_IMAGES:
        raise invalid_request("Invalid app.bsky.feed.post record: 1 to 4 images")
    for image in images:
        blob = image.get("image") if isinstance(image, dict) else None
        link = ((blob or {}).get("ref") or {}).get("$link")
        if link not in store.blobs:
            raise invalid_request(f"Could not find blob: {link}")
