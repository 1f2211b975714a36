"""The shared consumer loop on a real broker: retries, dead letters, commits."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

from shared.events import MentionReceived, ReportClassified, dlq_topic
from shared.events.classified import Classification
from shared.events.mention import Author, Mention
from shared.kafka.admin import ensure_topics
from shared.kafka.codec import encode, event_headers
from shared.kafka.producer import EventProducer
from shared.kafka.runner import ConsumerRunner, PermanentError, RetryPolicy, Subscription

FAST = RetryPolicy(max_attempts=3, initial_s=0.01, max_s=0.05)


class Flaky(Exception):
    pass


def mention_event(n: int) -> MentionReceived:
    mention = Mention(
        platform="web",
        id=str(n),
        author=Author(id="a", handle="a"),
        text=f"post {n}",
        created_at=datetime.now(UTC),
    )
    return MentionReceived.create(mention, correlation_id=f"report-{n}")


def classified_from(event: MentionReceived) -> ReportClassified:
    c = Classification(report_id=event.correlation_id, mention=event.payload, is_report=False)
    return ReportClassified.create(c, correlation_id=event.correlation_id, cause=event)


async def _topics(broker: str) -> None:
    await ensure_topics(
        broker, [MentionReceived.topic, ReportClassified.topic, dlq_topic(MentionReceived.topic)]
    )


async def _send(broker: str, events: list[MentionReceived]) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=broker, acks="all")
    await producer.start()
    for event in events:
        await producer.send_and_wait(
            event.topic, encode(event), key=event.key, headers=event_headers(event)
        )
    await producer.stop()


async def _read(broker: str, topic: str, want: int, within_s: float = 20) -> list:
    consumer = AIOKafkaConsumer(
        topic, bootstrap_servers=broker, auto_offset_reset="earliest", fetch_max_wait_ms=20
    )
    await consumer.start()
    found: list = []
    deadline = asyncio.get_running_loop().time() + within_s
    try:
        while len(found) < want and asyncio.get_running_loop().time() < deadline:
            for records in (await consumer.getmany(timeout_ms=200)).values():
                found += records
    finally:
        await consumer.stop()
    return found


async def _run_until(runner: ConsumerRunner, done, within_s: float = 20) -> None:  # type: ignore[no-untyped-def]
    await runner.start()
    deadline = asyncio.get_running_loop().time() + within_s
    while not done() and asyncio.get_running_loop().time() < deadline:  # noqa: ASYNC110 - polls a plain predicate
        await asyncio.sleep(0.05)
    await runner.stop()


def _runner(broker: str, producer: EventProducer, handler, group: str) -> ConsumerRunner:  # type: ignore[no-untyped-def]
    return ConsumerRunner(
        subscription=Subscription(MentionReceived, handler),
        producer=producer,
        bootstrap_servers=broker,
        group_id=group,
        service="test",
        retry=FAST,
        session_timeout_ms=3000,
    )


async def test_transient_failures_are_retried_then_the_output_is_published_once(
    broker: str,
) -> None:
    await _topics(broker)
    group = f"g-{uuid.uuid4().hex[:6]}"
    tries: dict[str, int] = {}
    n = int(uuid.uuid4().int % 10**9)

    async def handler(event: MentionReceived) -> list[ReportClassified]:
        tries[event.payload.id] = tries.get(event.payload.id, 0) + 1
        if tries[event.payload.id] < 3:
            raise Flaky("database blinked")
        return [classified_from(event)]

    await _send(broker, [mention_event(n)])
    producer = EventProducer(broker, "test")
    await producer.start()
    runner = _runner(broker, producer, handler, group)
    await _run_until(runner, lambda: runner.records_handled >= 1)
    await producer.stop()

    assert tries[str(n)] == 3
    outputs = [
        r
        for r in await _read(broker, ReportClassified.topic, 50, within_s=3)
        if r.key == f"report-{n}".encode()
    ]
    assert len(outputs) == 1
    assert runner.records_dead_lettered == 0


async def test_a_record_that_keeps_failing_is_dead_lettered_and_the_next_one_handled(
    broker: str,
) -> None:
    await _topics(broker)
    group = f"g-{uuid.uuid4().hex[:6]}"
    bad, good = mention_event(10**9 + 1), mention_event(10**9 + 2)
    handled: list[str] = []

    async def handler(event: MentionReceived) -> list:
        if event.payload.id == bad.payload.id:
            raise Flaky("always")
        handled.append(event.payload.id)
        return []

    await _send(broker, [bad, good])
    producer = EventProducer(broker, "test")
    await producer.start()
    runner = _runner(broker, producer, handler, group)
    await _run_until(runner, lambda: runner.records_handled >= 2)
    await producer.stop()

    assert good.payload.id in handled
    dead = [
        r
        for r in await _read(broker, dlq_topic(MentionReceived.topic), 100, within_s=3)
        if r.key == bad.key
    ]
    assert len(dead) == 1
    headers = dict(dead[0].headers)
    assert headers["dlq.reason"] == b"handler_failed"
    assert headers["dlq.attempts"] == b"3"
    assert headers["dlq.error.type"] == b"Flaky"
    assert dead[0].value == encode(bad)


async def test_a_permanent_error_is_dead_lettered_without_retrying(broker: str) -> None:
    await _topics(broker)
    calls = 0
    event = mention_event(10**9 + 3)

    async def handler(received: MentionReceived) -> list:
        nonlocal calls
        # The group is new, so earlier tests' records arrive too: count only this one.
        if received.event_id != event.event_id:
            return []
        calls += 1
        raise PermanentError("no adapter for web")

    await _send(broker, [event])
    producer = EventProducer(broker, "test")
    await producer.start()
    runner = _runner(broker, producer, handler, f"g-{uuid.uuid4().hex[:6]}")
    await _run_until(runner, lambda: calls >= 1 and runner.records_dead_lettered >= 1)
    await producer.stop()
    assert calls == 1


async def test_offsets_committed_on_stop_are_not_redelivered_to_the_group(broker: str) -> None:
    await _topics(broker)
    group = f"g-{uuid.uuid4().hex[:6]}"
    events = [mention_event(2 * 10**9 + i) for i in range(5)]
    seen: list[str] = []

    async def handler(event: MentionReceived) -> list:
        seen.append(event.payload.id)
        return []

    await _send(broker, events)
    producer = EventProducer(broker, "test")
    await producer.start()
    first = _runner(broker, producer, handler, group)
    await _run_until(first, lambda: all(e.payload.id in seen for e in events))
    count = len(seen)
    second = _runner(broker, producer, handler, group)
    await _run_until(second, lambda: False, within_s=3)
    await producer.stop()
    assert len(seen) == count
    assert {e.payload.id for e in events} <= set(seen)


class SlowDown(Exception):
    """Like platforms.base.RateLimited: carries the wait the other side asked for."""

    retry_after = 0.01


async def test_rate_limits_are_waited_out_without_using_up_attempts(broker: str) -> None:
    await _topics(broker)
    event = mention_event(3 * 10**9)
    tries = 0

    async def handler(received: MentionReceived) -> list:
        nonlocal tries
        if received.event_id != event.event_id:
            return []
        tries += 1
        if tries <= 10:  # far more than FAST.max_attempts (3)
            raise SlowDown()
        return []

    await _send(broker, [event])
    producer = EventProducer(broker, "test")
    await producer.start()
    runner = _runner(broker, producer, handler, f"g-{uuid.uuid4().hex[:6]}")
    await _run_until(runner, lambda: tries >= 11)
    await producer.stop()
    assert tries == 11
    assert runner.records_dead_lettered == 0
