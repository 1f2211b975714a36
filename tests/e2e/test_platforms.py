"""Every platform, end to end: a citizen posts with the platform's own client library (Meta
delivers a signed webhook), and the reply appears in the same thread from the right account."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import re
import threading
import time

import httpx
from atproto import client_utils

from fakes.facebook.seed import page_for
from heard.demo_platforms import post, thread_replies
from heard.devstack import Stack
from tests.e2e.conftest import citizen
from tests.support.bluesky import FakeBluesky
from tests.support.facebook import FakeFacebook
from tests.support.waiting import wait_until
from tests.support.x import FakeX

REFERENCE = re.compile(r"HRD-[0-9A-Z]{4}-[0-9A-Z]{4}")


def replies(stack: Stack, platform: str, post_id: str):  # type: ignore[no-untyped-def]
    return asyncio.run(thread_replies(stack.config, platform, post_id))


def wait_for_reply(stack: Stack, platform: str, post_id: str):  # type: ignore[no-untyped-def]
    return wait_until(
        lambda: replies(stack, platform, post_id),
        timeout=40,
        interval=0.3,
        what=f"a reply to {platform} post {post_id}",
    )


def test_x_post_made_with_tweepy_is_answered_in_its_conversation_by_the_addressed_account(
    stack: Stack,
) -> None:
    sam = FakeX(stack.config.fake_url("x")).client("sam")
    tweet = sam.create_tweet(
        text="@TfL the crossing lights on Marylebone Road are out again", user_auth=False
    )
    post_id = str(tweet.data["id"])

    [reply] = wait_for_reply(stack, "x", post_id)

    assert reply.author == "TfL"
    assert REFERENCE.search(reply.text)
    assert reply.text.startswith("@sam ")


def test_facebook_post_on_a_page_arrives_by_signed_webhook_and_is_answered_under_it(
    stack: Stack,
) -> None:
    facebook = FakeFacebook(stack.config.fake_url("facebook"))
    page = page_for("ArdsNorthDown")
    created = facebook.citizen("aoife").post_object(
        object_id=page.page_id,
        connection="feed",
        data={"message": "Bins not lifted on Abbey Street, Bangor BT20 for two weeks"},
    )
    post_id = str(created["id"])

    [reply] = wait_for_reply(stack, "facebook", post_id)

    assert reply.author == "ArdsNorthDown"
    assert REFERENCE.search(reply.text)
    deliveries = httpx.get(f"{facebook.base_url}/_fake/deliveries").json()
    assert any(d["status"] == 200 for d in deliveries)


def test_bluesky_mention_posted_with_atproto_is_answered_in_thread_by_the_addressed_account(
    stack: Stack,
) -> None:
    priya = FakeBluesky(stack.config.fake_url("bluesky")).client("priya")
    # The mention facet needs the real DID of the council's account.
    did = priya.resolve_handle("citywestminster.bsky.social").did
    text = (
        client_utils.TextBuilder()
        .mention("@citywestminster.bsky.social", did)
        .text(" overflowing bins all along Oxford Street")
    )
    created = priya.send_post(text)

    [reply] = wait_for_reply(stack, "bluesky", created.uri)

    assert reply.author == "CityWestminster"
    assert REFERENCE.search(reply.text)


def test_webhooks_with_a_wrong_or_missing_signature_are_refused(stack: Stack) -> None:
    ingest = stack.config.service_url("ingest")
    body = json.dumps(
        {
            "object": "page",
            "entry": [
                {
                    "id": page_for("MonmouthshireCC").page_id,
                    "time": 1,
                    "changes": [
                        {
                            "field": "feed",
                            "value": {
                                "item": "status",
                                "verb": "add",
                                "post_id": "1_forged",
                                "from": {"id": "1", "name": "Forger"},
                                "message": "forged",
                                "created_time": 1,
                            },
                        }
                    ],
                }
            ],
        }
    ).encode()
    wrong = "sha256=" + hmac.new(b"not-the-secret", body, hashlib.sha256).hexdigest()
    for headers in ({}, {"X-Hub-Signature-256": wrong}):
        response = httpx.post(
            f"{ingest}/webhooks/facebook",
            content=body,
            headers={"Content-Type": "application/json", **headers},
        )
        assert response.status_code in (401, 403), response.text
        assert "signature" in response.text.lower()
    x_wrong = httpx.post(
        f"{ingest}/webhooks/x",
        content=b'{"for_user_id": "1", "tweet_create_events": []}',
        headers={"x-twitter-webhooks-signature": "sha256=AAAA"},
    )
    assert x_wrong.status_code == 401
    ingest_log = (stack.logs / "ingest.log").read_text()
    assert "1_forged" not in ingest_log


def test_a_replayed_webhook_is_answered_once(stack: Stack) -> None:
    facebook = FakeFacebook(stack.config.fake_url("facebook"))
    post_id = asyncio.run(
        post(
            stack.config,
            "facebook",
            "tom",
            "Flooding across Station Road in Raglan",
            "MonmouthshireCC",
        )
    )
    wait_for_reply(stack, "facebook", post_id)
    facebook.control("webhooks/replay")
    facebook.control("webhooks/settle")
    time.sleep(2)
    assert len(replies(stack, "facebook", post_id)) == 1


def test_a_429_storm_loses_nothing_and_sends_nothing_twice(stack: Stack) -> None:
    tom = citizen(stack, "tom")
    ids = [
        str(tom.status_post(f"@MonmouthshireCC pothole {i} on Monnow Street, Monmouth")["id"])
        for i in range(4)
    ]
    # Every API call to the fake Mastodon now fails for a while: ingest's polls and the
    # notifier's replies both meet 429s with Mastodon's own reset header.
    httpx.post(
        f"{stack.config.mastodon_url}/_fake/rate_limit", json={"fail_next": 40, "reset_in": 0.5}
    ).raise_for_status()
    for post_id in ids:
        wait_for_reply(stack, "mastodon", post_id)
    time.sleep(2)
    assert [len(replies(stack, "mastodon", p)) for p in ids] == [1, 1, 1, 1]


def test_ingest_killed_mid_feed_and_restarted_answers_every_post_once(stack: Stack) -> None:
    platforms = ["mastodon", "x", "facebook", "bluesky"]
    to = {
        "mastodon": "MonmouthshireCC",
        "x": "gwentpolice",
        "facebook": "CityWestminster",
        "bluesky": "ArdsNorthDown",
    }
    posted: list[tuple[str, str]] = []

    def feed() -> None:
        for i in range(16):
            platform = platforms[i % 4]
            text = f"@{to[platform]} street light {i} out on the high street"
            posted.append(
                (platform, asyncio.run(post(stack.config, platform, "davy", text, to[platform])))
            )
            time.sleep(0.15)

    poster = threading.Thread(target=feed)
    poster.start()
    wait_until(lambda: len(posted) >= 5, what="the first five posts")
    stack.kill("ingest")
    time.sleep(1.0)
    stack.start_service("ingest")
    stack.wait_ready(("ingest",))
    poster.join()
    for platform, post_id in posted:
        wait_until(
            lambda p=platform, i=post_id: replies(stack, p, i),
            timeout=60,
            interval=0.5,
            what=f"a reply to {platform} {post_id}",
        )
    time.sleep(2)
    counts = {f"{p}:{i}": len(replies(stack, p, i)) for p, i in posted}
    assert set(counts.values()) == {1}, counts
