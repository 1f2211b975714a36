"""Heard's X adapters against the fake X over real HTTP: timeline paging and cursors, 429s,
the filtered stream with backfill, Account Activity webhooks, replies posted once."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI

from fakes.x import CONSUMER_SECRET
from fakes.x.store import Store
from fakes.x.v1 import tweet_v1
from platforms.base import RateLimited, RejectedByPlatform
from platforms.x.api import XApi
from platforms.x.config import XSettings
from platforms.x.inbound import XMentionTimelineSource, tweet_v1_to_mention
from platforms.x.outbound import MAX_LENGTH
from platforms.x.webhooks import create_x_webhook_router, register_x_webhook, x_signature
from platforms.x.wiring import x_filtered_stream, x_reply_publisher, x_timeline_sources
from services.ingest.poller import poll_feed
from shared.events.envelope import Event
from tests.support import x as support
from tests.support.x import FakeX, IngestSink, MemoryLedger, serving, settings_for, until

running_fake_x = support.running_fake_x
fake_x = support.fake_x


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(timeout=10) as client:
        yield client


def _source(fake: FakeX, http: httpx.AsyncClient, handle: str) -> XMentionTimelineSource:
    sources = {s.account: s for s in x_timeline_sources(settings_for(fake), http)}
    return sources[handle]


async def test_timeline_pages_back_to_the_cursor_and_returns_oldest_first(
    fake_x: FakeX, http: httpx.AsyncClient
) -> None:
    ids = [fake_x.post("lowri", f"@MonmouthshireCC pothole {i} in Usk")["id"] for i in range(7)]
    source = _source(fake_x, http, "MonmouthshireCC")
    page = await source.fetch_since(None)
    assert [m.id for m in page.mentions] == ids  # two pages of 5, oldest first
    assert page.cursor == ids[-1]
    newer = fake_x.post("tom", "@MonmouthshireCC and another in Raglan")["id"]
    again = await source.fetch_since(page.cursor)
    assert [m.id for m in again.mentions] == [newer]
    quiet = await source.fetch_since(again.cursor)
    assert (quiet.mentions, quiet.cursor) == ([], newer)


async def test_a_v2_post_becomes_the_contract_mention(
    fake_x: FakeX, http: httpx.AsyncClient
) -> None:
    report = fake_x.post("lowri", "earlier post")["id"]
    fake_x.post(
        "lowri",
        "🚧 @monmouthshirecc pothole & cones on Frogmore St https://example.org/p.jpg",
        in_reply_to=report,
        geo={"lat": 51.8242, "lon": -3.0185, "place_id": "5a1f0c3b2d4e6f70"},
        media=[{"type": "photo", "url": "https://pbs.twimg.com/media/hole.png"}],
    )
    [mention] = (await _source(fake_x, http, "MonmouthshireCC").fetch_since(None)).mentions
    assert mention.platform == "x"
    assert (mention.author.id, mention.author.handle) == (FakeX.user_id("lowri"), "lowri")
    assert mention.author.display_name == "Lowri Powell"
    assert mention.text.startswith("🚧 @monmouthshirecc pothole & cones")
    assert mention.mentions == ["@monmouthshirecc"]  # as written, with the @
    assert mention.created_at.utcoffset() is not None
    assert (mention.geo.lat, mention.geo.lon) == (51.8242, -3.0185)  # type: ignore[union-attr]
    assert [(m.url, m.content_type) for m in mention.media] == [
        ("https://pbs.twimg.com/media/hole.png", "image/png")
    ]
    assert (mention.in_reply_to, mention.received_by) == (report, "MonmouthshireCC")


def test_a_webhook_tweet_uses_full_text_lon_lat_order_and_the_best_video() -> None:
    store = Store()
    citizen = store.user_by_username("davy")
    assert citizen is not None
    video = store.add_media("video", "https://video.twimg.com/v/crash.mp4")
    long_text = "@deptinfra " + "lorry shed its load on the A2 at Bangor, " * 4 + "end"
    post = store.create_post(
        citizen, long_text, media_ids=[video.media_id], coordinates=(-5.668, 54.664)
    )
    mention = tweet_v1_to_mention(tweet_v1(store, post), received_by="deptinfra")
    assert mention.text == long_text  # not the 140-character compatibility text
    assert mention.mentions == ["@deptinfra"]
    assert (mention.geo.lat, mention.geo.lon) == (54.664, -5.668)  # type: ignore[union-attr]
    assert [(m.url, m.content_type) for m in mention.media] == [
        ("https://video.twimg.com/v/crash.mp4", "video/mp4")
    ]


async def test_errors_map_to_rate_limited_with_xs_reset_and_rejected(
    fake_x: FakeX, http: httpx.AsyncClient
) -> None:
    fake_x.control("rate_limit", {"fail_next": 1, "reset_in": 3})
    source = _source(fake_x, http, "TfL")
    with pytest.raises(RateLimited) as raised:
        await source.fetch_since(None)
    assert 2.0 <= raised.value.retry_after <= 4.0
    with pytest.raises(RejectedByPlatform, match="401"):
        await XApi(http, fake_x.base_url, "wrong-token").me()


async def test_poller_under_a_429_storm_publishes_every_mention_exactly_once(
    fake_x: FakeX, http: httpx.AsyncClient
) -> None:
    ids = [
        fake_x.post("sam", f"@TfL signals out at junction {i}, Marylebone Rd")["id"]
        for i in range(6)
    ]
    fake_x.control("rate_limit", {"fail_next": 5, "reset_in": 0.2})
    published: list[Event] = []

    async def publish(event: Event) -> None:
        published.append(event)

    stop = asyncio.Event()
    source = _source(fake_x, http, "TfL")
    task = asyncio.create_task(
        poll_feed(stop, source=source, repository=MemoryLedger(), publish=publish, interval_s=0.05)  # type: ignore[arg-type]
    )
    await until(lambda: len(published) >= 6, 10)
    more = fake_x.post("sam", "@TfL and the crossing on Euston Road")["id"]
    await until(lambda: len(published) >= 7, 5)
    await asyncio.sleep(0.3)  # a few more polls: nothing may be published twice
    stop.set()
    await task
    assert [e.payload.id for e in published] == [*ids, more]  # type: ignore[attr-defined]


async def test_the_filtered_stream_delivers_posts_and_backfills_what_it_missed(
    fake_x: FakeX, http: httpx.AsyncClient
) -> None:
    missed = fake_x.post("priya", "@CityWestminster bins overflowing on Oxford Street")["id"]
    settings = settings_for(fake_x, stream_keepalive_timeout_s=2.0, stream_backoff_initial_s=0.1)
    stream = x_filtered_stream(settings, http)
    sink, stop = IngestSink(), asyncio.Event()
    task = asyncio.create_task(stream.listen(stop, sink=sink, cursors=sink.ledger))
    try:
        await until(lambda: missed in [m.id for m in sink.published], 5)
        await until(stream.connected.is_set, 5)
        live = fake_x.post("sam", "@TfL signals out at Marble Arch")["id"]
        fake_x.post("sam", "@metpoliceuk not one of ours")
        await until(lambda: live in [m.id for m in sink.published], 5)
        fake_x.control("stream/disconnect")
        gap = fake_x.post("tom", "@tfl lift broken at Westminster station")["id"]
        await until(lambda: gap in [m.id for m in sink.published], 5)
    finally:
        stop.set()
        await asyncio.wait_for(task, 5)
    assert [m.id for m in sink.published] == [missed, live, gap]
    assert [m.received_by for m in sink.published] == ["CityWestminster", "TfL", "TfL"]
    assert sink.ledger.cursors["x:CityWestminster"] == missed
    rules = fake_x.get("/2/tweets/search/stream/rules").json()["data"]
    assert [(r["value"], r["tag"]) for r in rules] == [
        ("@CityWestminster OR @MonmouthshireCC OR @TfL", "heard")
    ]


def _webhook_app(settings: XSettings, sink: IngestSink) -> FastAPI:
    app = FastAPI()
    app.include_router(create_x_webhook_router(settings, sink))
    return app


async def test_a_signed_webhook_delivery_reaches_the_sink_and_a_replay_is_deduplicated(
    fake_x: FakeX, http: httpx.AsyncClient
) -> None:
    settings, sink = settings_for(fake_x), IngestSink()
    with serving(_webhook_app(settings, sink)) as base_url:
        webhook_id = await register_x_webhook(settings, http, base_url + "/webhooks/x")
        listed = fake_x.get("/2/webhooks").json()["data"]
        assert [(w["id"], w["valid"]) for w in listed] == [(webhook_id, True)]
        post = fake_x.post("sam", "@TfL lights out at Euston", geo={"lat": 51.5281, "lon": -0.1337})
        await until(lambda: sink.calls, 5)
        assert sink.calls == [([post["id"]], "x:TfL")]
        [mention] = sink.published
        assert (mention.received_by, mention.author.handle) == ("TfL", "sam")
        assert (mention.geo.lat, mention.geo.lon) == (51.5281, -0.1337)  # type: ignore[union-attr]
        fake_x.control("webhooks/replay")
        await until(lambda: len(sink.calls) == 2, 5)
        # TfL's own reply is delivered to the webhook too, but is not a mention to ingest.
        fake_x.post("TfL", "@sam Thanks, passed to our signals team.", in_reply_to=post["id"])
        await until(lambda: [d["status"] for d in fake_x.deliveries()] == [200] * 3, 5)
    assert sink.calls[1] == ([post["id"]], "x:TfL")  # the same post again ...
    assert [m.id for m in sink.published] == [post["id"]]  # ... published once
    assert len(sink.calls) == 2  # and TfL's own reply never reached the sink


async def test_the_webhook_answers_the_crc_and_refuses_unsigned_or_missigned_posts(
    fake_x: FakeX,
) -> None:
    settings, sink = settings_for(fake_x), IngestSink()
    transport = httpx.ASGITransport(app=_webhook_app(settings, sink))
    body = b'{"for_user_id": "1000000000000000012", "tweet_create_events": []}'
    async with httpx.AsyncClient(transport=transport, base_url="http://heard") as client:
        crc = await client.get("/webhooks/x", params={"crc_token": "challenge"})
        assert crc.json() == {"response_token": x_signature(CONSUMER_SECRET, b"challenge")}
        assert (await client.get("/webhooks/x")).status_code == 400
        missing = await client.post("/webhooks/x", content=body)
        wrong = await client.post(
            "/webhooks/x",
            content=body,
            headers={"x-twitter-webhooks-signature": x_signature("not-the-secret", body)},
        )
        tampered = await client.post(
            "/webhooks/x",
            content=body.replace(b"[]", b"[{}]"),
            headers={"x-twitter-webhooks-signature": x_signature(CONSUMER_SECRET, body)},
        )
        good = await client.post(
            "/webhooks/x",
            content=body,
            headers={"x-twitter-webhooks-signature": x_signature(CONSUMER_SECRET, body)},
        )
    assert [r.status_code for r in (missing, wrong, tampered)] == [401, 401, 401]
    assert missing.json()["reason"] == "missing x-twitter-webhooks-signature header"
    assert wrong.json()["reason"] == "signature does not match the body"
    assert good.json() == {"accepted": 0, "new": 0}
    assert sink.calls == []


async def test_a_reply_goes_in_thread_from_the_addressed_account_and_a_retry_posts_once(
    fake_x: FakeX, http: httpx.AsyncClient
) -> None:
    report = fake_x.post("priya", "@CityWestminster bins overflowing on Oxford Street")["id"]
    publisher = x_reply_publisher(settings_for(fake_x), http)
    text = "@priya Thank you & sorry. Ref HRD-AAAA-BBBB: https://heard.example/r/AAAABBBB"
    first = await publisher.reply(
        from_account="@CityWestminster", in_reply_to=report, text=text, idempotency_key="r1"
    )
    again = await publisher.reply(
        from_account="citywestminster", in_reply_to=report, text=text, idempotency_key="r1"
    )
    assert again == first
    assert first.url == f"https://x.com/CityWestminster/status/{first.id}"
    replies = [p for p in fake_x.posts() if p.get("referenced_tweets")]
    assert [(p["id"], p["author_id"]) for p in replies] == [
        (first.id, FakeX.user_id("CityWestminster"))
    ]
    assert replies[0]["referenced_tweets"] == [{"type": "replied_to", "id": report}]
    assert replies[0]["conversation_id"] == report


async def test_a_reply_whose_answer_was_lost_is_found_instead_of_posted_again(
    fake_x: FakeX, http: httpx.AsyncClient
) -> None:
    report = fake_x.post("sam", "@TfL escalator stuck at Bank")["id"]
    text = "@sam Thanks, we have told the station. Ref HRD-CCCC-DDDD."
    # The first attempt reached X, then the process died before it stored the answer.
    earlier = fake_x.post("TfL", text, in_reply_to=report)["id"]
    publisher = x_reply_publisher(settings_for(fake_x), http)
    posted = await publisher.reply(
        from_account="TfL", in_reply_to=report, text=text, idempotency_key="r2"
    )
    assert posted.id == earlier
    assert len(fake_x.posts()) == 2


async def test_a_reply_that_is_too_long_or_from_an_unknown_account_is_rejected(
    fake_x: FakeX, http: httpx.AsyncClient
) -> None:
    report = fake_x.post("sam", "@TfL escalator stuck at Bank")["id"]
    publisher = x_reply_publisher(settings_for(fake_x), http)
    assert publisher.max_length == MAX_LENGTH == 280
    for text in ("y" * 281, "🚦" * 141):
        with pytest.raises(RejectedByPlatform, match="weighted characters"):
            await publisher.reply(
                from_account="TfL", in_reply_to=report, text=text, idempotency_key="k"
            )
    with pytest.raises(RejectedByPlatform, match="no X credentials"):
        await publisher.reply(
            from_account="nobody", in_reply_to=report, text="x", idempotency_key="k"
        )
    fits = await publisher.reply(
        from_account="TfL", in_reply_to=report, text="z" * 280, idempotency_key="k"
    )
    assert [p["id"] for p in fake_x.posts()] == [report, fits.id]
