"""Malformed records go to the dead-letter topic with the reason; the next good one is handled."""

from __future__ import annotations

import asyncio
import uuid

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

from heard.devstack import Stack
from shared.events import MentionReceived, ReportClassified, ReportRouted, dlq_topic
from shared.events.classified import Classification
from shared.events.envelope import report_id_for
from shared.events.mention import Author, Mention
from shared.events.routed import ResponsibleBody, Routing
from shared.kafka.codec import encode, event_headers
from tests.e2e.conftest import citizen
from tests.support.waiting import wait_until

MALFORMED = [
    b"this is not json",
    b'{"event_type": "MentionReceived", "payload": {"text": "no envelope"}}',
    b"",
]


def _good_event(topic: str, status: dict) -> MentionReceived | ReportClassified | ReportRouted:
    """A valid event at the given stage for a real post on the fake, so its reply proves it ran."""
    report_id = report_id_for("mastodon", str(status["id"]))
    mention = Mention(
        platform="mastodon",
        id=str(status["id"]),
        author=Author(id=str(status["account"]["id"]), handle=status["account"]["acct"]),
        text="@MonmouthshireCC flooding across Station Road, Raglan",
        created_at=status["created_at"],
        mentions=["@MonmouthshireCC"],
        received_by="MonmouthshireCC",
    )
    mentioned = MentionReceived.create(mention, correlation_id=report_id)
    if topic == MentionReceived.topic:
        return mentioned
    classification = Classification(
        report_id=report_id,
        mention=mention,
        is_report=True,
        category="flooding",
        urgency="high",
        area="monmouthshire",
        classifier="test",
    )
    classified = ReportClassified.create(classification, correlation_id=report_id, cause=mentioned)
    if topic == ReportClassified.topic:
        return classified
    routing = Routing(
        report_id=report_id,
        reference="HRD-TEST-0001",
        classification=classification,
        bodies=[
            ResponsibleBody(id="monmouthshire-cc", name="Monmouthshire County Council", rule="test")
        ],
    )
    return ReportRouted.create(routing, correlation_id=report_id, cause=classified)


async def _produce_and_read_dlq(stack: Stack, topic: str, good, groups: int) -> list:  # type: ignore[no-untyped-def]
    bootstrap = stack.config.bootstrap_servers
    marker = uuid.uuid4().hex.encode()
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all")
    await producer.start()
    try:
        for value in MALFORMED:
            await producer.send_and_wait(
                topic, value, key=marker, headers=[("test-marker", marker)]
            )
        await producer.send_and_wait(topic, encode(good), key=good.key, headers=event_headers(good))
    finally:
        await producer.stop()
    consumer = AIOKafkaConsumer(
        dlq_topic(topic),
        bootstrap_servers=bootstrap,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
        fetch_max_wait_ms=50,
    )
    await consumer.start()
    found: list = []
    wanted = len(MALFORMED) * groups
    try:
        deadline = asyncio.get_running_loop().time() + 30
        while len(found) < wanted and asyncio.get_running_loop().time() < deadline:
            batch = await consumer.getmany(timeout_ms=500)
            for records in batch.values():
                found += [r for r in records if dict(r.headers).get("test-marker") == marker]
    finally:
        await consumer.stop()
    return found


@pytest.mark.parametrize(
    "topic", [MentionReceived.topic, ReportClassified.topic, ReportRouted.topic]
)
def test_malformed_records_are_dead_lettered_and_the_next_good_record_is_handled(
    stack: Stack, topic: str
) -> None:
    aoife = citizen(stack, "aoife")
    status = aoife.status_post("just a post on the fake that no official account was tagged in")
    good = _good_event(topic, status)

    groups = 2 if topic == ReportRouted.topic else 1
    dead = asyncio.run(_produce_and_read_dlq(stack, topic, good, groups))

    # Every consumer group of the topic dead-letters what it cannot read (ingest also follows
    # reports.routed.v1): each one's dead letters are the malformed records, in order.
    by_service: dict[bytes, list[bytes]] = {}
    for record in dead:
        by_service.setdefault(dict(record.headers)["dlq.service"], []).append(record.value or b"")
    assert by_service and all(values == MALFORMED for values in by_service.values()), by_service
    for record in dead:
        headers = dict(record.headers)
        assert headers["dlq.reason"] == b"invalid_event"
        assert headers["dlq.error.type"] == b"ValidationError"
        assert headers["dlq.source.topic"] == topic.encode()
        assert int(headers["dlq.source.offset"]) >= 0
        assert headers["dlq.error.message"]
    replies = wait_until(
        lambda: aoife.status_context(status["id"])["descendants"],
        timeout=40,
        what=f"the good record after the malformed ones on {topic} to be answered",
    )
    assert len(replies) == 1
