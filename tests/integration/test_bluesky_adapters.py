"""Heard's Bluesky adapters against the fake over real HTTP and a real Jetstream socket:
mentions in, resume after reconnects, replies in thread, once, and 429s."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from datetime import timedelta
from typing import Any

import httpx
import pytest
from atproto import client_utils, models
from pydantic import SecretStr

from fakes.bluesky import seed_account
from platforms.base import RateLimited, RejectedByPlatform
from platforms.bluesky.api import BlueskyApi
from platforms.bluesky.config import BlueskyAccount
from platforms.bluesky.inbound import BlueskyJetstream
from platforms.bluesky.outbound import MAX_LENGTH, BlueskyReplyPublisher
from shared.events.mention import Mention
from tests.support.bluesky import (  # noqa: F401 - fixtures
    FakeBluesky,
    bluesky_fixture,
    running_bluesky_fixture,
)

OFFICIALS = ("MonmouthshireCC", "TfL")
REWIND_S = 2.0


class MemoryCursors:
    """Ingest's cursor table, in memory."""

    def __init__(self) -> None:
        self.cursors: dict[str, str] = {}

    async def cursor(self, feed: str) -> str | None:
        return self.cursors.get(feed)

    async def save_cursor(self, feed: str, cursor: str) -> None:
        self.cursors[feed] = cursor


class Sink:
    """Collects what the stream hands to ingest; counts posts it had not seen as new."""

    def __init__(self) -> None:
        self.mentions: list[Mention] = []

    async def __call__(self, mentions: Sequence[Mention], feed: str) -> int:
        new = [m for m in mentions if m.id not in self.ids()]
        self.mentions.extend(mentions)
        return len(new)

    def ids(self) -> set[str]:
        return {m.id for m in self.mentions}

    async def wait_for(self, uri: str) -> Mention:
        for _ in range(100):
            found = [m for m in self.mentions if m.id == uri]
            if found:
                return found[0]
            await asyncio.sleep(0.03)
        raise AssertionError(f"{uri} never reached the sink")


def _accounts() -> dict[str, BlueskyAccount]:
    return {
        name: BlueskyAccount(
            did=seed_account(name).did,
            handle=seed_account(name).handle,
            app_password=SecretStr(seed_account(name).password),
        )
        for name in OFFICIALS
    }


def _api(fake: FakeBluesky, http: httpx.AsyncClient, name: str) -> BlueskyApi:
    account = seed_account(name)
    return BlueskyApi(http, fake.base_url, account.handle, account.password)


async def _connections(fake: FakeBluesky, count: int) -> list[dict[str, Any]]:
    for _ in range(100):
        seen = fake.connections()
        if len(seen) >= count:
            return seen
        await asyncio.sleep(0.03)
    raise AssertionError(f"expected {count} Jetstream connections, saw {fake.connections()}")


@asynccontextmanager
async def _listening(
    fake: FakeBluesky, http: httpx.AsyncClient, cursors: MemoryCursors, sink: Sink, connected: int
) -> AsyncIterator[BlueskyJetstream]:
    stream = BlueskyJetstream(
        jetstream_url=fake.jetstream_url,
        accounts=_accounts(),
        profiles=_api(fake, http, "MonmouthshireCC"),
        rewind_s=REWIND_S,
        backoff_initial_s=0.1,
        backoff_max_s=0.2,
    )
    stop = asyncio.Event()
    task = asyncio.create_task(stream.listen(stop, sink=sink, cursors=cursors))
    await _connections(fake, connected)
    try:
        yield stream
    finally:
        stop.set()
        await asyncio.wait_for(task, 5)


def _mention(fake: FakeBluesky, citizen: str, official: str, text: str, **kwargs: Any) -> Any:
    account = seed_account(official)
    built = client_utils.TextBuilder().mention(f"@{account.handle}", account.did).text(text)
    return fake.client(citizen).send_post(built, **kwargs)


def _time_us(fake: FakeBluesky, uri: str) -> int:
    return next(p["time_us"] for p in fake.posts() if p["uri"] == uri)


async def test_jetstream_hands_a_mention_to_the_sink_with_the_contract_fields(
    bluesky: FakeBluesky,
) -> None:
    cursors, sink = MemoryCursors(), Sink()
    async with httpx.AsyncClient() as http, _listening(bluesky, http, cursors, sink, 1):
        bluesky.client("lowri").send_post("lovely sunset over the Skirrid")  # mentions nobody
        bluesky.control("posts", {"author": "MonmouthshireCC", "text": "@TfL hello"})  # official
        lowri = bluesky.client("lowri")
        image = lowri.upload_blob(b"\xff\xd8 a pothole photo").blob
        embed = models.AppBskyEmbedImages.Main(
            images=[models.AppBskyEmbedImages.Image(alt="pothole", image=image)]
        )
        post = _mention(
            bluesky, "lowri", "MonmouthshireCC", " pothole on Frogmore St 🚧", embed=embed
        )
        mention = await sink.wait_for(post.uri)
        plain = bluesky.control(
            "posts", {"author": "tom", "text": "bins @tfl.bsky.social missed again"}
        )
        by_text = await sink.wait_for(plain["uri"])
    lowri_did = seed_account("lowri").did
    assert mention.platform == "bluesky" and mention.id == post.uri
    assert (mention.author.id, mention.author.handle, mention.author.display_name) == (
        lowri_did,
        "lowri.bsky.social",
        "Lowri Powell",
    )
    assert mention.text == "@monmouthshirecc.bsky.social pothole on Frogmore St 🚧"
    assert mention.created_at.utcoffset() == timedelta(0)
    assert mention.mentions == ["@monmouthshirecc.bsky.social"]
    assert mention.geo is None and mention.in_reply_to is None
    assert [(m.url, m.content_type) for m in mention.media] == [
        (
            f"https://cdn.bsky.app/img/feed_fullsize/plain/{lowri_did}/{image.ref.link}@jpeg",
            "image/jpeg",
        )
    ]
    assert (mention.received_by, mention.visibility) == ("MonmouthshireCC", "public")
    assert (by_text.received_by, by_text.mentions) == ("TfL", ["@tfl.bsky.social"])
    assert [m.id for m in sink.mentions] == [post.uri, plain["uri"]]  # the others were skipped
    assert cursors.cursors["bluesky:jetstream"] == str(_time_us(bluesky, plain["uri"]))


async def test_a_reply_in_a_thread_names_its_parent(bluesky: FakeBluesky) -> None:
    cursors, sink = MemoryCursors(), Sink()
    root = bluesky.client("priya").send_post("Oxford Street is a mess today")
    ref = models.create_strong_ref(root)
    async with httpx.AsyncClient() as http, _listening(bluesky, http, cursors, sink, 1):
        reply = _mention(
            bluesky,
            "sam",
            "TfL",
            " and the bus stop is flooded",
            reply_to=models.AppBskyFeedPost.ReplyRef(parent=ref, root=ref),
        )
        mention = await sink.wait_for(reply.uri)
    assert (mention.in_reply_to, mention.author.handle) == (root.uri, "sam.bsky.social")


async def test_after_a_dropped_socket_the_stream_resumes_from_its_cursor_without_skipping(
    bluesky: FakeBluesky,
) -> None:
    cursors, sink = MemoryCursors(), Sink()
    async with httpx.AsyncClient() as http, _listening(bluesky, http, cursors, sink, 1):
        first = _mention(bluesky, "davy", "MonmouthshireCC", " streetlight out in Usk")
        await sink.wait_for(first.uri)
        assert bluesky.control("jetstream/drop")["dropped"] == 1
        missed = _mention(bluesky, "aoife", "MonmouthshireCC", " fly-tipping in Raglan")
        await sink.wait_for(missed.uri)
        second_connection = (await _connections(bluesky, 2))[1]
    rewound = _time_us(bluesky, first.uri) - int(REWIND_S * 1_000_000)
    assert second_connection["cursor"] == rewound
    assert second_connection["wantedCollections"] == ["app.bsky.feed.post"]
    assert {first.uri, missed.uri} <= sink.ids()


async def test_a_restarted_stream_picks_up_what_was_posted_while_it_was_down(
    bluesky: FakeBluesky,
) -> None:
    cursors = MemoryCursors()
    async with httpx.AsyncClient() as http:
        before = Sink()
        async with _listening(bluesky, http, cursors, before, 1):
            first = _mention(bluesky, "tom", "TfL", " lights stuck on red, Euston Road")
            await before.wait_for(first.uri)
        while_down = _mention(bluesky, "tom", "TfL", " still stuck")
        after = Sink()
        async with _listening(bluesky, http, cursors, after, 2):
            await after.wait_for(while_down.uri)
    assert bluesky.connections()[1]["cursor"] is not None
    assert [m.id for m in before.mentions] == [first.uri]


async def test_reply_goes_in_thread_from_the_addressed_account_with_root_and_parent(
    bluesky: FakeBluesky,
) -> None:
    root = bluesky.client("priya").send_post("Signals out on Marylebone Road")
    ref = models.create_strong_ref(root)
    report = _mention(
        bluesky,
        "sam",
        "TfL",
        " still out, it is dangerous",
        reply_to=models.AppBskyFeedPost.ReplyRef(parent=ref, root=ref),
    )
    text = "@sam.bsky.social Thank you, passed to our signals team. Ref HRD-AAAA-BBBB."
    async with httpx.AsyncClient() as http:
        publisher = BlueskyReplyPublisher({"TfL": _api(bluesky, http, "TfL")})
        posted = await publisher.reply(
            from_account="@TfL",
            in_reply_to=report.uri,
            text=text,
            idempotency_key="ack-1",
            visibility="public",
        )
    [answer] = [p for p in bluesky.posts() if p["uri"] == posted.id]
    record = answer["record"]
    assert answer["did"] == seed_account("TfL").did
    assert record["reply"]["root"] == {"uri": root.uri, "cid": root.cid}
    assert record["reply"]["parent"] == {"uri": report.uri, "cid": report.cid}
    [facet] = record["facets"]
    assert facet["index"] == {"byteStart": 0, "byteEnd": len("@sam.bsky.social")}
    assert facet["features"][0]["did"] == seed_account("sam").did
    rkey = posted.id.rsplit("/", 1)[1]
    assert posted.url == f"https://bsky.app/profile/tfl.bsky.social/post/{rkey}"


class LaggingAppView(BlueskyApi):
    """The AppView has not indexed our first reply yet: only our own repo knows it."""

    async def get_post_thread(self, uri: str, depth: int = 1) -> dict[str, Any]:
        return {}


async def test_a_retried_reply_returns_the_first_and_posts_once(bluesky: FakeBluesky) -> None:
    report = _mention(bluesky, "lowri", "MonmouthshireCC", " pothole on Cross Street")
    text = "@lowri.bsky.social Thanks, logged for the highways team. Ref HRD-CCCC-DDDD."
    account = seed_account("MonmouthshireCC")
    async with httpx.AsyncClient() as http:
        publisher = BlueskyReplyPublisher({"MonmouthshireCC": _api(bluesky, http, account.name)})
        first = await publisher.reply(
            from_account="MonmouthshireCC",
            in_reply_to=report.uri,
            text=text,
            idempotency_key="ack-2",
        )
        again = await publisher.reply(
            from_account="monmouthshirecc.bsky.social",
            in_reply_to=report.uri,
            text=text,
            idempotency_key="ack-2",
        )
        lagging = BlueskyReplyPublisher(
            {
                "MonmouthshireCC": LaggingAppView(
                    http, bluesky.base_url, account.handle, account.password
                )
            }
        )
        third = await lagging.reply(
            from_account="MonmouthshireCC",
            in_reply_to=report.uri,
            text=text,
            idempotency_key="ack-2",
        )
    assert first.id == again.id == third.id
    replies = [p for p in bluesky.posts() if p["did"] == account.did]
    assert len(replies) == 1


async def test_too_long_replies_and_unknown_accounts_are_rejected_not_cut(
    bluesky: FakeBluesky,
) -> None:
    report = _mention(bluesky, "aoife", "TfL", " the escalator at Oxford Circus")
    async with httpx.AsyncClient() as http:
        publisher = BlueskyReplyPublisher({"TfL": _api(bluesky, http, "TfL")})
        with pytest.raises(RejectedByPlatform, match="300 graphemes"):
            await publisher.reply(
                from_account="TfL",
                in_reply_to=report.uri,
                text="é" * (MAX_LENGTH + 1),
                idempotency_key="k",
            )
        fits = await publisher.reply(
            from_account="TfL", in_reply_to=report.uri, text="🇬🇧" * MAX_LENGTH, idempotency_key="k2"
        )
        with pytest.raises(RejectedByPlatform, match="no Bluesky credentials"):
            await publisher.reply(
                from_account="nobody", in_reply_to=report.uri, text="x", idempotency_key="k3"
            )
    assert [p["uri"] for p in bluesky.posts() if p["did"] == seed_account("TfL").did] == [fits.id]


async def test_a_429_surfaces_as_rate_limited_with_the_wait_from_ratelimit_reset(
    bluesky: FakeBluesky,
) -> None:
    async with httpx.AsyncClient() as http:
        api = _api(bluesky, http, "TfL")
        await api.did()
        bluesky.control("rate_limit", {"fail_next": 1, "reset_in": 2.0})
        with pytest.raises(RateLimited) as raised:
            await api.get_profile("lowri.bsky.social")
        assert (await api.get_profile("lowri.bsky.social"))["displayName"] == "Lowri Powell"
    assert 1.0 <= raised.value.retry_after <= 3.0


async def test_an_expired_session_is_refreshed_without_the_caller_noticing(
    bluesky: FakeBluesky,
) -> None:
    async with httpx.AsyncClient() as http:
        api = _api(bluesky, http, "MonmouthshireCC")
        assert await api.did() == seed_account("MonmouthshireCC").did
        assert bluesky.control("sessions/expire")["expired"] >= 1
        profile = await api.get_profile("priya.bsky.social")
        bad = BlueskyApi(http, bluesky.base_url, "tfl.bsky.social", "wrong-password")
        with pytest.raises(RejectedByPlatform):
            await bad.did()
    assert profile["handle"] == "priya.bsky.social"
