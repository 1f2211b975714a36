"""Mastodon REST entities (Account, Status, Notification, Instance) rendered as JSON dicts."""

from __future__ import annotations

from datetime import UTC, datetime
from html import escape
from typing import Any

from fakes.mastodon.models import Account, Notification, Status
from fakes.mastodon.store import MAX_CHARACTERS, Store

VERSION = "4.3.2"
API_VERSION = 2  # Mastodon 4.3 reports api_versions.mastodon = 2


def timestamp(moment: datetime) -> str:
    """Mastodon's JSON timestamps: ISO-8601 UTC with milliseconds and a Z."""
    return (
        moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"
    )


def account_json(store: Store, account: Account, *, with_source: bool = False) -> dict[str, Any]:
    """The Account entity; with_source adds the CredentialAccount fields."""
    domain = store.domain
    statuses = [s for s in store.statuses.values() if s.account_id == account.id]
    last = max((s.created_at for s in statuses), default=None)
    note = f"<p>{escape(account.note)}</p>" if account.note else ""
    body: dict[str, Any] = {
        "id": account.id,
        "username": account.username,
        "acct": account.username,  # local accounts have no @domain in acct
        "display_name": account.display_name,
        "locked": False,
        "bot": account.bot,
        "discoverable": True,
        "indexable": True,
        "group": False,
        # Mastodon rounds account creation to midnight to avoid leaking sign-up times.
        "created_at": account.created_at.strftime("%Y-%m-%dT00:00:00.000Z"),
        "note": note,
        "url": store.account_url(account),
        "uri": f"https://{domain}/users/{account.username}",
        "avatar": f"https://{domain}/avatars/original/missing.png",
        "avatar_static": f"https://{domain}/avatars/original/missing.png",
        "header": f"https://{domain}/headers/original/missing.png",
        "header_static": f"https://{domain}/headers/original/missing.png",
        "followers_count": 0,
        "following_count": 0,
        "statuses_count": len(statuses),
        "last_status_at": last.strftime("%Y-%m-%d") if last else None,
        "hide_collections": False,
        "noindex": False,
        "emojis": [],
        "roles": [],
        "fields": [],
    }
    if with_source:
        body["source"] = {
            "privacy": "public",
            "sensitive": False,
            "language": "en",
            "note": account.note,
            "fields": [],
            "follow_requests_count": 0,
            "hide_collections": False,
            "discoverable": True,
            "indexable": True,
        }
        body["role"] = {
            "id": "-99",
            "name": "",
            "permissions": "0",
            "color": "",
            "highlighted": False,
        }
    return body


def status_json(store: Store, status: Status, viewer: Account | None = None) -> dict[str, Any]:
    """The Status entity; viewer-specific flags appear only for an authenticated viewer."""
    domain = store.domain
    author = store.accounts[status.account_id]
    mentioned = [store.accounts[i] for i in status.mention_ids if i in store.accounts]
    body: dict[str, Any] = {
        "id": status.id,
        "created_at": timestamp(status.created_at),
        "in_reply_to_id": status.in_reply_to_id,
        "in_reply_to_account_id": status.in_reply_to_account_id,
        "sensitive": status.sensitive,
        "spoiler_text": status.spoiler_text,
        "visibility": status.visibility,
        "language": status.language,
        "uri": f"https://{domain}/users/{author.username}/statuses/{status.id}",
        "url": f"https://{domain}/@{author.username}/{status.id}",
        "replies_count": len(store.replies_to(status.id)),
        "reblogs_count": 0,
        "favourites_count": 0,
        "edited_at": None,
        "content": status.content,
        "reblog": None,
        "account": account_json(store, author),
        "media_attachments": [],
        "mentions": [
            {"id": a.id, "username": a.username, "url": store.account_url(a), "acct": a.username}
            for a in mentioned
        ],
        "tags": [{"name": t, "url": f"https://{domain}/tags/{t}"} for t in status.tags],
        "emojis": [],
        "card": None,
        "poll": None,
    }
    if viewer is not None:
        body.update(favourited=False, reblogged=False, muted=False, bookmarked=False, filtered=[])
        if viewer.id == author.id:
            body["pinned"] = False
    return body


def notification_json(
    store: Store, notification: Notification, viewer: Account | None = None
) -> dict[str, Any]:
    """The Notification entity (with 4.3's group_key)."""
    status = store.statuses.get(notification.status_id or "")
    return {
        "id": notification.id,
        "type": notification.type,
        "created_at": timestamp(notification.created_at),
        "group_key": f"ungrouped-{notification.id}",
        "account": account_json(store, store.accounts[notification.from_account_id]),
        "status": status_json(store, status, viewer) if status else None,
    }


def _configuration() -> dict[str, Any]:
    return {
        "accounts": {"max_featured_tags": 10, "max_pinned_statuses": 5},
        "statuses": {
            "max_characters": MAX_CHARACTERS,
            "max_media_attachments": 4,
            "characters_reserved_per_url": 23,
        },
        "media_attachments": {
            "supported_mime_types": ["image/jpeg", "image/png", "image/webp", "video/mp4"],
            "image_size_limit": 16777216,
            "image_matrix_limit": 33177600,
            "video_size_limit": 103809024,
            "video_frame_rate_limit": 120,
            "video_matrix_limit": 8294400,
        },
        "polls": {
            "max_options": 4,
            "max_characters_per_option": 50,
            "min_expiration": 300,
            "max_expiration": 2629746,
        },
    }


def instance_v2_json(store: Store, base_url: str) -> dict[str, Any]:
    """GET /api/v2/instance."""
    configuration = _configuration()
    configuration.update(
        urls={"streaming": _streaming_url(base_url)},
        translation={"enabled": False},
        vapid={"public_key": ""},
        timelines_access={
            feed: {"local": "public", "remote": "public"}
            for feed in ("live_feeds", "hashtag_feeds", "trending_link_feeds")
        },
    )
    return {
        "domain": store.domain,
        "title": "Heard fake Mastodon",
        "version": VERSION,
        "source_url": "https://github.com/mastodon/mastodon",
        "description": "An in-memory stand-in for a Mastodon instance, for tests and demos.",
        "usage": {"users": {"active_month": len(store.accounts)}},
        "thumbnail": {"url": f"https://{store.domain}/packs/media/images/preview.png"},
        "icon": [],
        "languages": ["en"],
        "configuration": configuration,
        "registrations": {"enabled": False, "approval_required": False, "message": None},
        "api_versions": {"mastodon": API_VERSION},
        "contact": {"email": f"admin@{store.domain}", "account": None},
        "rules": [],
    }


def instance_v1_json(store: Store, base_url: str) -> dict[str, Any]:
    """GET /api/v1/instance (deprecated in Mastodon, but Mastodon.py reads its version)."""
    return {
        "uri": store.domain,
        "title": "Heard fake Mastodon",
        "short_description": "An in-memory stand-in for a Mastodon instance.",
        "description": "An in-memory stand-in for a Mastodon instance, for tests and demos.",
        "email": f"admin@{store.domain}",
        "version": VERSION,
        "urls": {"streaming_api": _streaming_url(base_url)},
        "stats": {
            "user_count": len(store.accounts),
            "status_count": len(store.statuses),
            "domain_count": 0,
        },
        "thumbnail": None,
        "languages": ["en"],
        "registrations": False,
        "approval_required": False,
        "invites_enabled": False,
        "configuration": _configuration(),
        "contact_account": None,
        "rules": [],
    }


def _streaming_url(base_url: str) -> str:
    # Points back at this server, as a single-host Mastodon does; no streaming is served.
    return base_url.rstrip("/").replace("https://", "wss://").replace("http://", "ws://")
