"""`heard dlq show` and `heard dlq replay` on a real broker, through the command line.

Each test owns one event topic: the replay group's position is per topic, and the broker lives
for the whole session."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.structs import ConsumerRecord, RecordMetadata
from typer.testing import CliRunner, Result

from heard.cli import app
from heard.devstack import free_port
from shared.events import (
    ReplySent,
    ReportDelivered,
    ReportEscalated,
    ReportRouted,
    ReportUpdated,
    dlq_topic,
)
from shared.kafka.admin import ensure_topics
from shared.kafka.dlq import dead_letter_headers
from shared.kafka.producer import EventProducer
from shared.kafka.runner import ConsumerRunner, RetryPolicy, Subscription

# What a citizen might have written: it must never reach the operator's terminal.
PRIVATE = b'{"text": "ring me on 07700 900123 or write to lowri@example.com", "cut off'


async def heard(*args: str) -> Result:
    """Run `heard ...` in a thread: the command runs its own event loop."""
    return await asyncio.to_thread(lambda: CliRunner().invoke(app, list(args)))


async def _letter(
    broker: str, topic: str, *, reason: str = "handler_failed", value: bytes | None = None
) -> tuple[bytes, bytes, RecordMetadata]:
    """A dead letter as the runner writes it, for a record that was never really consumed."""
    key = uuid.uuid4().hex.encode()
    value = value if value is not None else b'{"event_id": "' + key + b'"}'
    original = ConsumerRecord(
        topic, 1, 41, 0, 0, key, value, None, len(key), len(value),
        [("heard-event-type", b"Test"), ("traceparent", b"00-abc-def-01")],
    )  # fmt: skip
    headers = dead_letter_headers(
        original, reason=reason, error=RuntimeError("department down"), attempts=4, service="test"
    )
    producer = AIOKafkaProducer(bootstrap_servers=broker, acks="all")
    await producer.start()
    try:
        sent = await producer.send_and_wait(dlq_topic(topic), value, key=key, headers=headers)
    finally:
        await producer.stop()
    return key, value, sent


async def _records(broker: str, topic: str, key: bytes) -> list[ConsumerRecord[Any, Any]]:
    """Every record with this key on the topic, read up to the end offsets."""
    consumer = AIOKafkaConsumer(bootstrap_servers=broker, enable_auto_commit=False)
    await consumer.start()
    try:
        tps = [TopicPartition(topic, p) for p in consumer.partitions_for_topic(topic) or ()]
        consumer.assign(tps)
        await consumer.seek_to_beginning(*tps)
        ends = await consumer.end_offsets(tps)
        found: list[ConsumerRecord[Any, Any]] = []
        while any([await consumer.position(tp) < ends[tp] for tp in tps]):
            for records in (await consumer.getmany(timeout_ms=200)).values():
                found += [r for r in records if r.key == key]
        return found
    finally:
        await consumer.stop()


@asynccontextmanager
async def _escalations_consumer(broker: str) -> AsyncIterator[ConsumerRunner]:
    """The real consumer loop on escalations, in a fresh group, with a handler that never runs
    (every record the tests send it is malformed)."""
    producer = EventProducer(broker, "test")

    async def handler(event: ReportEscalated) -> list[Any]:
        return []

    runner = ConsumerRunner(
        subscription=Subscription(ReportEscalated, handler),
        producer=producer,
        bootstrap_servers=broker,
        group_id=f"g-{uuid.uuid4().hex[:6]}",
        service="test",
        retry=RetryPolicy(max_attempts=1),
        session_timeout_ms=3000,
    )
    await producer.start()
    await runner.start()
    try:
        yield runner
    finally:
        await runner.stop()
        await producer.stop()


async def _dead_lettered(runner: ConsumerRunner, count: int) -> None:
    deadline = asyncio.get_running_loop().time() + 20
    while runner.records_dead_lettered < count:
        assert asyncio.get_running_loop().time() < deadline, "nothing was dead-lettered"
        await asyncio.sleep(0.05)


def _by_key(result: Result, key: bytes) -> list[dict[str, Any]]:
    assert result.exit_code == 0, result.output
    return [d for d in json.loads(result.stdout)["letters"] if d["key"] == key.decode()]


async def test_show_lists_a_runner_dead_letter_redacted_and_marks_it_when_it_fails_after_replay(
    broker: str,
) -> None:
    topic = ReportEscalated.topic
    await ensure_topics(broker, [topic, dlq_topic(topic)])
    key = uuid.uuid4().hex.encode()
    async with _escalations_consumer(broker) as consumer:
        producer = AIOKafkaProducer(bootstrap_servers=broker, acks="all")
        await producer.start()
        sent = await producer.send_and_wait(topic, PRIVATE, key=key)
        await producer.stop()
        await _dead_lettered(consumer, 1)

        listed = await heard("dlq", "show", topic, "--json", "--bootstrap", broker)
        [letter] = _by_key(listed, key)
        assert letter["reason"] == "invalid_event"
        assert letter["error_type"] == "ValidationError"
        assert letter["service"] == "test"
        assert (letter["source_topic"], letter["source_partition"], letter["source_offset"]) == (
            topic,
            sent.partition,
            sent.offset,
        )
        assert letter["attempts"] == 0
        assert "[phone]" in letter["preview"] and "[email]" in letter["preview"]
        for private in ("07700 900123", "lowri@example.com"):
            assert private not in listed.stdout

        text = await heard("dlq", "show", dlq_topic(topic), "--bootstrap", broker)
        assert text.exit_code == 0, text.output
        assert "invalid_event" in text.stdout and "ValidationError" in text.stdout
        assert f"from {topic} {sent.partition}:{sent.offset} after 0 attempts" in text.stdout
        assert "lowri@example.com" not in text.stdout

        # Replayed before its consumer is fixed, it fails again, and its new letter says so.
        replayed = await heard("dlq", "replay", topic, "--bootstrap", broker)
        assert "replayed 1, skipped 0" in replayed.stdout, replayed.output
        await _dead_lettered(consumer, 2)

    listed = await heard("dlq", "show", topic, "--json", "--bootstrap", broker)
    first, again = _by_key(listed, key)
    assert first["replayed_from"] is None
    assert again["replayed_from"] == f"{dlq_topic(topic)}:{first['partition']}:{first['offset']}"


async def test_replay_puts_the_original_bytes_back_once_without_the_failure_headers(
    broker: str,
) -> None:
    topic = ReportUpdated.topic
    await ensure_topics(broker, [topic, dlq_topic(topic)])
    key, value, letter = await _letter(broker, topic)

    first = await heard("dlq", "replay", topic, "--bootstrap", broker)
    assert first.exit_code == 0, first.output
    assert "replayed 1, skipped 0" in first.stdout
    [record] = await _records(broker, topic, key)
    assert record.value == value
    assert list(record.headers) == [
        ("heard-event-type", b"Test"),
        ("traceparent", b"00-abc-def-01"),
        ("dlq.replayed-from", f"{dlq_topic(topic)}:{letter.partition}:{letter.offset}".encode()),
    ]

    second = await heard("dlq", "replay", dlq_topic(topic), "--bootstrap", broker)
    assert "replayed 0, skipped 0" in second.stdout, second.output
    assert len(await _records(broker, topic, key)) == 1


async def test_a_dry_run_publishes_and_commits_nothing(broker: str) -> None:
    topic = ReportDelivered.topic
    await ensure_topics(broker, [topic, dlq_topic(topic)])
    key, _, letter = await _letter(broker, topic)

    dry = await heard("dlq", "replay", topic, "--dry-run", "--bootstrap", broker)
    assert dry.exit_code == 0, dry.output
    assert f"would replay {letter.partition}:{letter.offset} (handler_failed)" in dry.stdout
    assert "1 would be replayed" in dry.stdout
    assert await _records(broker, topic, key) == []

    real = await heard("dlq", "replay", topic, "--bootstrap", broker)
    assert "replayed 1, skipped 0" in real.stdout, real.output
    assert len(await _records(broker, topic, key)) == 1


async def test_only_reason_replays_those_letters_and_passes_over_the_rest(broker: str) -> None:
    topic = ReplySent.topic
    await ensure_topics(broker, [topic, dlq_topic(topic)])
    failed, _, _ = await _letter(broker, topic, reason="handler_failed")
    invalid, _, _ = await _letter(broker, topic, reason="invalid_event", value=b"not json")

    result = await heard(
        "dlq", "replay", topic, "--only-reason", "handler_failed", "--bootstrap", broker
    )
    assert "replayed 1, skipped 1" in result.stdout, result.output
    assert len(await _records(broker, topic, failed)) == 1
    assert await _records(broker, topic, invalid) == []
    again = await heard("dlq", "replay", topic, "--bootstrap", broker)
    assert "replayed 0, skipped 0" in again.stdout, again.output


async def test_offset_replays_only_that_letter_and_names_offsets_it_did_not_find(
    broker: str,
) -> None:
    topic = ReportRouted.topic
    await ensure_topics(broker, [topic, dlq_topic(topic)])
    wanted, _, letter = await _letter(broker, topic)
    other, _, _ = await _letter(broker, topic)

    result = await heard(
        "dlq", "replay", topic, "--offset", f"{letter.partition}:{letter.offset}",
        "--offset", "9:999", "--bootstrap", broker,
    )  # fmt: skip
    assert "replayed 1, skipped 1" in result.stdout, result.output
    assert "offsets not found among the letters not yet replayed: 9:999" in result.stderr
    assert len(await _records(broker, topic, wanted)) == 1
    assert await _records(broker, topic, other) == []


async def test_an_unknown_topic_exits_2_naming_the_known_topics(broker: str) -> None:
    for command in ("show", "replay"):
        result = await heard("dlq", command, "reports.lost.v1", "--bootstrap", broker)
        assert result.exit_code == 2
        assert "unknown topic 'reports.lost.v1'" in result.stderr
        assert "mentions.received.v1" in result.stderr and "reports.routed.v1" in result.stderr


async def test_an_unreachable_broker_is_one_line_and_exit_1() -> None:
    nowhere = f"127.0.0.1:{free_port()}"
    for command in ("show", "replay"):
        result = await heard("dlq", command, ReportRouted.topic, "--bootstrap", nowhere)
        assert result.exit_code == 1, result.output
        assert result.stderr.startswith(f"error: cannot reach Kafka at {nowhere} ")
        assert len(result.stderr.splitlines()) == 1 and "Traceback" not in result.output
