"""Heard's Facebook adapters against the fake Graph API over real HTTP: the webhook receiver
(handshake, signatures, fetching what a mention change leaves out) and the reply publisher."""

from __future__ import annotations

import hashlib
import hmac
import json

import httpx
import pytest

from fakes.facebook import DEFAULT_APP_SECRET, page_for, user_for
from platforms.base import RateLimited, RejectedByPlatform
from platforms.facebook.api import GraphApi
from platforms.facebook.outbound import MAX_LENGTH, FacebookReplyPublisher
from tests.support.facebook import (  # noqa: F401 - fixtures
    VERIFY_TOKEN,
    FakeFacebook,
    Receiver,
    facebook,
    receiver,
    running_facebook,
    running_receiver,
)


def _council_post(facebook: FakeFacebook, handle: str, text: str) -> str:  # noqa: F811
    return str(facebook.page(handle).post_object("me", "feed", data={"message": text})["id"])


def test_handshake_echoes_the_challenge_only_for_our_verify_token(
    receiver: Receiver,  # noqa: F811
) -> None:
    url = receiver.callback_url
    dotted = {
        "hub.mode": "subscribe",
        "hub.challenge": "1158201444",
        "hub.verify_token": VERIFY_TOKEN,
    }
    ok = httpx.get(url, params=dotted)
    assert (ok.status_code, ok.text) == (200, "1158201444")
    php = httpx.get(url, params={k.replace(".", "_"): v for k, v in dotted.items()})
    assert (php.status_code, php.text) == (200, "1158201444")
    assert httpx.get(url, params={**dotted, "hub.verify_token": "guess"}).status_code == 403
    assert httpx.get(url, params={**dotted, "hub.mode": "unsubscribe"}).status_code == 403


def test_a_citizens_comment_on_a_council_post_reaches_the_sink_as_a_mention(
    facebook: FakeFacebook,
    receiver: Receiver,  # noqa: F811
) -> None:
    post_id = _council_post(facebook, "MonmouthshireCC", "Resurfacing on Frogmore Street")
    comment = facebook.citizen("lowri").post_object(
        post_id,
        "comments",
        data={
            "message": "Pothole outside Nº 12 is back",
            "attachment_url": "https://ex.org/hole.png",
        },
    )
    facebook.settle()

    [(feed, [mention])] = receiver.sink.calls
    assert feed == "facebook:MonmouthshireCC"
    assert (mention.platform, mention.id, mention.text) == (
        "facebook",
        comment["id"],
        "Pothole outside Nº 12 is back",
    )
    assert (mention.author.id, mention.author.display_name) == (
        user_for("lowri").user_id,
        "Lowri Powell",
    )
    assert (mention.in_reply_to, mention.received_by) == (post_id, "MonmouthshireCC")
    assert [(m.url, m.content_type) for m in mention.media] == [
        ("https://ex.org/hole.png", "image/png")
    ]
    assert mention.created_at.utcoffset() is not None


def test_a_tag_in_a_citizens_own_post_is_fetched_with_its_place_and_photo(
    facebook: FakeFacebook,
    receiver: Receiver,  # noqa: F811
) -> None:
    place = {"name": "Marylebone Road", "location": {"latitude": 51.5226, "longitude": -0.1571}}
    post = facebook.citizen("sam").post_object(
        "me",
        "feed",
        data={
            "message": "@TfL signals out at Baker Street junction",
            "place": json.dumps(place),
            "attachment_url": "https://ex.org/signal.jpg",
        },
    )
    facebook.settle()

    [(feed, [mention])] = receiver.sink.calls
    assert feed == "facebook:TfL"
    assert (mention.id, mention.text) == (post["id"], "@TfL signals out at Baker Street junction")
    assert mention.mentions == ["@TfL"]
    assert mention.geo is not None and (mention.geo.lat, mention.geo.lon) == (51.5226, -0.1571)
    assert [m.content_type for m in mention.media] == ["image/jpeg"]
    assert mention.in_reply_to is None and mention.author.display_name == "Sam Okafor"


def test_a_tag_in_a_reply_is_heard_by_the_tagged_page_as_an_answer_to_the_parent(
    facebook: FakeFacebook,
    receiver: Receiver,  # noqa: F811
) -> None:
    post_id = _council_post(facebook, "PSNIBangor", "Road closure on Quay Street")
    first = facebook.citizen("davy").post_object(
        post_id, "comments", data={"message": "Lights are out too"}
    )
    reply = facebook.citizen("aoife").post_object(
        first["id"],
        "comments",
        data={"message": "Tagging @deptinfra, the streetlight at the slipway is dark"},
    )
    facebook.settle()

    heard = {(feed, m.id): m for feed, batch in receiver.sink.calls for m in batch}
    tagged = heard[("facebook:deptinfra", reply["id"])]
    assert tagged.text == "Tagging @deptinfra, the streetlight at the slipway is dark"
    assert (tagged.in_reply_to, tagged.mentions) == (first["id"], ["@deptinfra"])
    assert heard[("facebook:PSNIBangor", reply["id"])].in_reply_to == first["id"]
    assert receiver.sink.seen == {first["id"], reply["id"]}  # ingest keeps one per id


def test_unsigned_or_wrongly_signed_deliveries_are_refused_before_the_sink(
    receiver: Receiver,  # noqa: F811
) -> None:
    body = json.dumps(
        {
            "object": "page",
            "entry": [
                {
                    "id": page_for("TfL").page_id,
                    "time": 1,
                    "changes": [
                        {
                            "field": "feed",
                            "value": {
                                "item": "comment",
                                "verb": "add",
                                "comment_id": "1_2",
                                "post_id": "3_1",
                                "parent_id": "3_1",
                                "created_time": 1,
                                "message": "forged",
                                "from": {"id": "9", "name": "Mallory"},
                            },
                        }
                    ],
                }
            ],
        }
    ).encode()
    good = "sha256=" + hmac.new(DEFAULT_APP_SECRET.encode(), body, hashlib.sha256).hexdigest()
    sha1 = "sha1=" + hmac.new(DEFAULT_APP_SECRET.encode(), body, hashlib.sha1).hexdigest()
    attempts = [
        ({}, body, 401),
        ({"X-Hub-Signature": sha1}, body, 401),  # the legacy SHA-1 header alone is not enough
        ({"X-Hub-Signature-256": "sha256=" + "0" * 64}, body, 403),
        ({"X-Hub-Signature-256": good.replace("sha256=", "md5=")}, body, 403),
        ({"X-Hub-Signature-256": good}, body.replace(b"forged", b"edited"), 403),
    ]
    for headers, content, status in attempts:
        answer = httpx.post(receiver.callback_url, content=content, headers=headers)
        assert answer.status_code == status
        assert "X-Hub-Signature-256" in answer.json()["error"]
    assert receiver.sink.calls == []


def test_a_replayed_delivery_yields_the_same_mention_id(
    facebook: FakeFacebook,
    receiver: Receiver,  # noqa: F811
) -> None:
    facebook.citizen("priya").post_object(
        "me", "feed", data={"message": "@CityWestminster bins overflowing on Oxford Street"}
    )
    facebook.settle()
    replay = facebook.control("webhooks/replay")
    assert replay["delivered"]
    ids = [m.id for m in receiver.sink.mentions]
    assert len(ids) == 2 and ids[0] == ids[1]
    assert len(receiver.sink.seen) == 1


def test_a_failed_sink_or_a_throttled_fetch_defers_the_delivery_until_metas_retry(
    facebook: FakeFacebook,
    receiver: Receiver,  # noqa: F811
) -> None:
    receiver.sink.fail_next = 1
    facebook.citizen("tom").post_object("me", "feed", data={"message": "@gwentpolice stray horse"})
    facebook.control(
        "rate_limit",
        {"fail_next": 1, "page": "ImperialNHS", "estimated_time_to_regain_access": 0.01},
    )
    facebook.citizen("tom").post_object("me", "feed", data={"message": "@ImperialNHS lift broken"})
    facebook.settle()

    assert sorted(feed for feed, _ in receiver.sink.calls) == [
        "facebook:ImperialNHS",
        "facebook:gwentpolice",
    ]
    # Each was refused at first (500 or 503) and taken on a retry; a slow machine may need
    # one more retry than the minimum, which is still the behaviour under test.
    deliveries = facebook.deliveries()
    assert len(deliveries) == 2
    assert all(d["attempts"] >= 2 and d["status"] == 200 for d in deliveries), deliveries


async def test_reply_is_under_the_citizens_comment_from_the_page_once_and_not_heard_back(
    facebook: FakeFacebook,
    receiver: Receiver,  # noqa: F811
) -> None:
    post_id = _council_post(facebook, "MonmouthshireCC", "Gritting routes tonight")
    comment = facebook.citizen("lowri").post_object(
        post_id, "comments", data={"message": "Usk bridge is icy"}
    )
    text = "Lowri Powell Thank you, we have logged this. Ref HRD-AAAA-BBBB."
    async with httpx.AsyncClient() as http:
        publisher = FacebookReplyPublisher(
            GraphApi.from_settings(http, facebook.settings()), facebook.settings()
        )
        first = await publisher.reply(
            from_account="@MonmouthshireCC",
            in_reply_to=comment["id"],
            text=text,
            idempotency_key="ack-1",
        )
        again = await publisher.reply(
            from_account="monmouthshirecc",
            in_reply_to=comment["id"],
            text=text,
            idempotency_key="ack-1",
        )
    facebook.settle()

    assert again.id == first.id and again.url is not None
    replies = [
        c for c in facebook.objects()["comments"] if c.get("parent", {}).get("id") == comment["id"]
    ]
    assert [(r["id"], r["from"]["id"], r["message"]) for r in replies] == [
        (first.id, page_for("MonmouthshireCC").page_id, text)
    ]
    assert [m.id for m in receiver.sink.mentions] == [comment["id"]]  # our reply is not a report


async def test_replies_too_long_or_from_an_unknown_page_are_rejected_not_cut(
    facebook: FakeFacebook,  # noqa: F811
) -> None:
    post_id = _council_post(facebook, "setrust", "Visiting hours")
    async with httpx.AsyncClient() as http:
        publisher = FacebookReplyPublisher(
            GraphApi.from_settings(http, facebook.settings()), facebook.settings()
        )
        with pytest.raises(RejectedByPlatform, match="limit is 8000"):
            await publisher.reply(
                from_account="setrust",
                in_reply_to=post_id,
                text="x" * (MAX_LENGTH + 1),
                idempotency_key="k",
            )
        with pytest.raises(RejectedByPlatform, match="no Facebook Page"):
            await publisher.reply(
                from_account="nobody", in_reply_to=post_id, text="hi", idempotency_key="k"
            )
    assert facebook.objects()["comments"] == []


async def test_throttling_is_rate_limited_with_the_wait_meta_estimates(
    facebook: FakeFacebook,  # noqa: F811
) -> None:
    post_id = _council_post(facebook, "TfLTrafficNews", "A40 closure")
    async with httpx.AsyncClient() as http:
        graph = GraphApi.from_settings(http, facebook.settings())
        publisher = FacebookReplyPublisher(graph, facebook.settings())
        facebook.control("rate_limit", {"fail_next": 1, "estimated_time_to_regain_access": 2})
        with pytest.raises(RateLimited) as page_limit:
            await publisher.reply(
                from_account="TfLTrafficNews",
                in_reply_to=post_id,
                text="Thanks",
                idempotency_key="k",
            )
        facebook.control(
            "rate_limit", {"fail_next": 1, "code": 4, "estimated_time_to_regain_access": 0}
        )
        with pytest.raises(RateLimited) as app_limit:
            await graph.get_object(post_id, token=page_for("TfL").token, fields=["message"])
    assert page_limit.value.retry_after == 120.0
    assert app_limit.value.retry_after == graph.default_retry_after
    assert graph.usage[page_for("TfL").page_id] == 100
