"""Each platform counts reply text its own way; the notifier fits words by that count."""

from __future__ import annotations

from platforms.bluesky.outbound import BlueskyReplyPublisher
from platforms.facebook.outbound import FacebookReplyPublisher
from platforms.mastodon.outbound import MastodonReplyPublisher
from platforms.x.outbound import XReplyPublisher

LONG_LINK = "https://heard.example.gov.uk/r/HRD-7K3M-Q2?lang=cy&from=mastodon"


def test_mastodon_counts_every_link_as_23_characters_long_or_short():
    assert MastodonReplyPublisher.length(f"see {LONG_LINK}") == 4 + 23
    assert MastodonReplyPublisher.length("see http://x.co") == 4 + 23


def test_x_weighs_links_and_emoji():
    assert XReplyPublisher.length(f"see {LONG_LINK}") == 4 + 23
    assert XReplyPublisher.length("ok 🚦") == 3 + 2


def test_facebook_and_bluesky_count_characters():
    assert FacebookReplyPublisher.length(f"see {LONG_LINK}") == 4 + len(LONG_LINK)
    assert BlueskyReplyPublisher.length("diolch 🙂") == len("diolch 🙂")
