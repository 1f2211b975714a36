"""Composition helpers: the Mastodon adapters from MastodonSettings and a shared httpx client."""

from __future__ import annotations

import httpx

from platforms.mastodon.api import MastodonApi
from platforms.mastodon.config import MastodonSettings
from platforms.mastodon.inbound import MastodonMentionSource
from platforms.mastodon.outbound import MastodonReplyPublisher
from platforms.mastodon.stream import MastodonUserStream


def mastodon_apis(settings: MastodonSettings, http: httpx.AsyncClient) -> dict[str, MastodonApi]:
    return {
        account: MastodonApi(http, settings.base_url, token.get_secret_value())
        for account, token in settings.accounts.items()
    }


def mastodon_sources(
    settings: MastodonSettings, http: httpx.AsyncClient
) -> list[MastodonMentionSource]:
    """One polled notification feed per official account."""
    return [
        MastodonMentionSource(api, account, settings.page_size)
        for account, api in mastodon_apis(settings, http).items()
    ]


def mastodon_publisher(
    settings: MastodonSettings, http: httpx.AsyncClient
) -> MastodonReplyPublisher:
    return MastodonReplyPublisher(mastodon_apis(settings, http))


def mastodon_streams(
    settings: MastodonSettings, http: httpx.AsyncClient
) -> list[MastodonUserStream]:
    """One user stream per official account, each catching up through its own cursor."""
    return [
        MastodonUserStream(
            http, settings.base_url, settings.accounts[source.account].get_secret_value(), source
        )
        for source in mastodon_sources(settings, http)
    ]
