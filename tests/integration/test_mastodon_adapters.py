"""Heard's Mastodon adapters against the fake over real HTTP: paging, cursors, 429s, idempotency."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from platforms.base import RateLimited, RejectedByPlatform
from platforms.mastodon.api import MastodonApi
from platforms.mastodon.inbound import MastodonMentionSource
from platforms.mastodon.outbound import MastodonReplyPublisher
from platforms.mastodon.stream import MastodonUserStream
from services.ingest.poller import poll_feed
from shared.events.envelope import Event
from tests.support.mastodon import FakeMastodon


class MemoryLedger:
    """The ingest repository's surface, in memory: cursors and published posts."""

    def __init__(self) -> None:
        self.cursors: dict[str, str] = {}
        self.published: set[tuple[str, str]] = set()

    async def cursor(self, feed: str) -> str | None:
        return self.cursors.get(feed)

    async def save_cursor(self, feed: str, cursor: str) -> None:
        self.cursors[feed] = cursor

    async def was_published(self, platform: str, platform_id: str) -> bool:
        return (platform, platform_id) in self.published

    async def mark_published(self, *, platform: str, platform_id: str, report_id: str, feed: str):  # type: ignore[no-untyped-def]
        self.published.add((platform, platform_id))


def _post(fake: FakeMastodon, citizen: str, text: str) -> str:
    return str(fake.client(citizen).status_post(text)["id"])


async def test_inbound_follows_link_pages_back_to_the_cursor_and_returns_oldest_first(
    fake: FakeMastodon,
) -> None:
    ids = [_post(fake, "lowri", f"@MonmouthshireCC pothole {i} in Usk") for i in range(5)]
    async with httpx.AsyncClient() as http:
        api = MastodonApi(http, fake.base_url, "token-monmouthshirecc")
        source = MastodonMentionSource(api, "MonmouthshireCC", page_size=2)
        page = await source.fetch_since(None)
        assert [m.id for m in page.mentions] == ids
        assert page.mentions[0].text == "@MonmouthshireCC pothole 0 in Usk"
        assert page.mentions[0].received_by == "MonmouthshireCC"
        newer = _post(fake, "tom", "@MonmouthshireCC and another in Raglan")
        again = await source.fetch_since(page.cursor)
        assert [m.id for m in again.mentions] == [newer]


async def test_a_429_surfaces_with_the_wait_from_mastodons_reset_header(fake: FakeMastodon) -> None:
    fake.control("rate_limit", {"fail_next": 1, "reset_in": 2.0})
    async with httpx.AsyncClient() as http:
        api = MastodonApi(http, fake.base_url, "token-tfl")
        with pytest.raises(RateLimited) as raised:
            await api.mention_notifications(since_id=None)
    assert 0 < raised.value.retry_after <= 3.0


async def test_poller_under_a_429_storm_publishes_every_mention_exactly_once(
    fake: FakeMastodon,
) -> None:
    ids = [
        _post(fake, "sam", f"@TfL signals out at junction {i}, Marylebone Road") for i in range(4)
    ]
    fake.control("rate_limit", {"fail_next": 5, "reset_in": 0.2})
    published: list[Event] = []

    async def publish(event: Event) -> None:
        published.append(event)

    ledger = MemoryLedger()
    stop = asyncio.Event()
    async with httpx.AsyncClient() as http:
        source = MastodonMentionSource(MastodonApi(http, fake.base_url, "token-tfl"), "TfL", 2)
        task = asyncio.create_task(
            poll_feed(stop, source=source, repository=ledger, publish=publish, interval_s=0.05)  # type: ignore[arg-type]
        )
        for _ in range(200):
            if len(published) >= 4:
                break
            await asyncio.sleep(0.05)
        more = _post(fake, "sam", "@TfL and the crossing on Euston Road")
        for _ in range(100):
            if len(published) >= 5:
                break
            await asyncio.sleep(0.05)
        await asyncio.sleep(0.3)  # a few more polls: nothing may be published twice
        stop.set()
        await task
    assert [e.payload.id for e in published] == [*ids, more]


async def test_outbound_reply_is_in_thread_and_a_retry_with_the_same_key_posts_nothing_new(
    fake: FakeMastodon,
) -> None:
    status_id = _post(fake, "priya", "@CityWestminster bins overflowing on Oxford Street")
    async with httpx.AsyncClient() as http:
        publisher = MastodonReplyPublisher(
            {"CityWestminster": MastodonApi(http, fake.base_url, "token-citywestminster")}
        )
        first = await publisher.reply(
            from_account="@CityWestminster",
            in_reply_to=status_id,
            text="@priya Thank you. Ref HRD-AAAA-BBBB.",
            idempotency_key="ack-r1",
            visibility="public",
        )
        second = await publisher.reply(
            from_account="citywestminster",
            in_reply_to=status_id,
            text="@priya Thank you. Ref HRD-AAAA-BBBB.",
            idempotency_key="ack-r1",
        )
        with pytest.raises(RejectedByPlatform, match="no Mastodon credentials"):
            await publisher.reply(
                from_account="nobody", in_reply_to=status_id, text="x", idempotency_key="k"
            )
    assert first.id == second.id
    replies = [s for s in fake.statuses() if s.get("in_reply_to_id") == status_id]
    assert len(replies) == 1
    assert replies[0]["account"]["acct"] == "CityWestminster"


async def test_user_stream_catches_up_then_delivers_live_mentions_once_each(
    fake: FakeMastodon,
) -> None:
    missed = _post(fake, "lowri", "@MonmouthshireCC pothole posted while Heard was down, Usk")
    received: list[str] = []

    async def sink(mentions, feed):  # type: ignore[no-untyped-def]
        new = [m.id for m in mentions if m.id not in received]
        received.extend(new)
        return len(new)

    ledger = MemoryLedger()
    stop = asyncio.Event()
    async with httpx.AsyncClient() as http:
        api = MastodonApi(http, fake.base_url, "token-monmouthshirecc")
        stream = MastodonUserStream(
            http,
            fake.base_url,
            "token-monmouthshirecc",
            MastodonMentionSource(api, "MonmouthshireCC"),
        )
        task = asyncio.create_task(stream.listen(stop, sink=sink, cursors=ledger))
        for _ in range(100):
            if received:
                break
            await asyncio.sleep(0.05)
        await asyncio.sleep(0.3)  # connected to the stream by now
        live = _post(fake, "tom", "@MonmouthshireCC and a street light out in Raglan")
        for _ in range(100):
            if live in received:
                break
            await asyncio.sleep(0.05)
        stop.set()
        await asyncio.wait_for(task, 5)
    assert received == [missed, live]
    assert ledger.cursors["mastodon:MonmouthshireCC"] is not None
