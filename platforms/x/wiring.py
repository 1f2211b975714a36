"""Build the X adapters from XSettings: what ingest and the notifier wire per mode."""

from __future__ import annotations

import httpx

from platforms.x.api import XApi
from platforms.x.config import XSettings
from platforms.x.inbound import XMentionTimelineSource
from platforms.x.outbound import XReplyPublisher
from platforms.x.stream import XFilteredStream


def _user_api(settings: XSettings, http: httpx.AsyncClient, handle: str) -> XApi:
    token = settings.accounts[handle].user_token.get_secret_value()
    return XApi(http, settings.base_url, token)


def x_timeline_sources(
    settings: XSettings, http: httpx.AsyncClient
) -> list[XMentionTimelineSource]:
    """One mentions-timeline source per account, each on its own user token (its own quota)."""
    return [
        XMentionTimelineSource(
            _user_api(settings, http, handle), handle, account.user_id, settings.page_size
        )
        for handle, account in settings.accounts.items()
    ]


def x_filtered_stream(settings: XSettings, http: httpx.AsyncClient) -> XFilteredStream:
    """The app's filtered stream for all accounts, backfilled from their mentions timelines."""
    app_api = XApi(http, settings.base_url, settings.app_bearer_token.get_secret_value())
    return XFilteredStream(
        app_api,
        {handle: account.user_id for handle, account in settings.accounts.items()},
        x_timeline_sources(settings, http),
        keepalive_timeout_s=settings.stream_keepalive_timeout_s,
        backoff_initial_s=settings.stream_backoff_initial_s,
        backoff_max_s=settings.stream_backoff_max_s,
    )


def x_reply_publisher(settings: XSettings, http: httpx.AsyncClient) -> XReplyPublisher:
    """Replies from each account with its own user token."""
    return XReplyPublisher(
        {handle: _user_api(settings, http, handle) for handle in settings.accounts},
        {handle: account.user_id for handle, account in settings.accounts.items()},
    )
