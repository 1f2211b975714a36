"""Composition helpers: the Bluesky adapters from BlueskySettings and a shared httpx client."""

from __future__ import annotations

import httpx

from platforms.bluesky.api import BlueskyApi
from platforms.bluesky.config import BlueskySettings
from platforms.bluesky.inbound import BlueskyJetstream
from platforms.bluesky.outbound import BlueskyReplyPublisher


def bluesky_apis(settings: BlueskySettings, http: httpx.AsyncClient) -> dict[str, BlueskyApi]:
    """One API client per official account, keyed by the official name."""
    return {
        name: BlueskyApi(
            http, settings.pds_url, account.handle, account.app_password.get_secret_value()
        )
        for name, account in settings.accounts.items()
    }


def bluesky_publisher(settings: BlueskySettings, http: httpx.AsyncClient) -> BlueskyReplyPublisher:
    """The notifier's ReplyPublisher for Bluesky."""
    return BlueskyReplyPublisher(bluesky_apis(settings, http))


def bluesky_stream(settings: BlueskySettings, http: httpx.AsyncClient) -> BlueskyJetstream:
    """Ingest's MentionStream; profiles are looked up as the first official account."""
    apis = bluesky_apis(settings, http)
    return BlueskyJetstream(
        jetstream_url=settings.jetstream_url,
        accounts=settings.accounts,
        profiles=next(iter(apis.values()), None),
        cdn_url=settings.cdn_url,
        rewind_s=settings.rewind_s,
    )
