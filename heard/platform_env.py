"""Platform settings for the local stack: every official account on every fake, with its token."""

from __future__ import annotations

import json

from fakes.bluesky.seed import OFFICIAL_ACCOUNTS as BLUESKY_OFFICIALS
from fakes.facebook.seed import DEFAULT_APP_SECRET, SEED_PAGES
from fakes.mastodon.seed import OFFICIAL_ACCOUNTS as MASTODON_OFFICIALS
from fakes.x.seed import APP_BEARER_TOKEN, CONSUMER_SECRET, OFFICIAL_USERS

FACEBOOK_VERIFY_TOKEN = "heard-dev-verify-token"


def platform_env(urls: dict[str, str], poll_interval_s: float = 0.5) -> dict[str, str]:
    """HEARD_<PLATFORM> JSON for ingest and notifier, pointing at the fakes' URLs."""
    mastodon = {
        "base_url": urls["mastodon"],
        "accounts": {a.username: a.token for a in MASTODON_OFFICIALS},
    }
    x = {
        "base_url": urls["x"],
        "app_bearer_token": APP_BEARER_TOKEN,
        "consumer_secret": CONSUMER_SECRET,
        "accounts": {
            u.username: {"user_id": u.user_id, "user_token": u.token} for u in OFFICIAL_USERS
        },
        "mode": "poll",
        "poll_interval_s": poll_interval_s,
    }
    facebook = {
        "graph_url": urls["facebook"],
        "app_secret": DEFAULT_APP_SECRET,
        "verify_token": FACEBOOK_VERIFY_TOKEN,
        "pages": {p.handle: {"page_id": p.page_id, "page_token": p.token} for p in SEED_PAGES},
    }
    bluesky_host = urls["bluesky"].removeprefix("http://")
    bluesky = {
        "pds_url": urls["bluesky"],
        "jetstream_url": f"ws://{bluesky_host}/subscribe",
        "accounts": {
            a.name: {"did": a.did, "handle": a.handle, "app_password": a.password}
            for a in BLUESKY_OFFICIALS
        },
        "rewind_s": 2.0,
    }
    return {
        "HEARD_MASTODON": json.dumps(mastodon),
        "HEARD_X": json.dumps(x),
        "HEARD_FACEBOOK": json.dumps(facebook),
        "HEARD_BLUESKY": json.dumps(bluesky),
    }
