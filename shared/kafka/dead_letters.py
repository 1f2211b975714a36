"""Operating on dead letters: read what is in `<topic>.dlq`, and put it back once fixed."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator, Iterable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, NamedTuple

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.structs import ConsumerRecord

from shared.events import TOPICS, dlq_topic
from shared.kafka.admin import all_topics
from shared.kafka.codec import Headers
from shared.kafka.dlq import REPLAYED_FROM_HEADER
from shared.kafka.producer import EventProducer
from shared.logging import redact

STALL_S = 15.0  # no record and no progress for this long while short of the end: give up
_SPACES = re.compile(r"\s+")


class UnknownTopic(ValueError):
    """A topic Heard does not have; `known` lists the ones it does."""

    def __init__(self, topic: str) -> None:
        self.topic, self.known = topic, TOPICS
        super().__init__(f"unknown topic {topic!r}; known topics: {', '.join(TOPICS)}")


class DeadLetterError(Exception):
    """The broker would not let a dead-letter topic be read to its end."""


def topics_of(topic: str) -> tuple[str, str]:
    """(source topic, dead-letter topic) of a topic named with or without `.dlq`."""
    if topic not in all_topics():
        raise UnknownTopic(topic)
    source = topic.removesuffix(".dlq")
    return source, dlq_topic(source)


def replay_group(source_topic: str) -> str:
    """The consumer group whose committed offsets mark how far replay has gone."""
    return f"heard-dlq-replay.{source_topic}"


def _text(value: bytes | None, limit: int) -> str:
    # Redact before cutting, so a cut never leaves half an address the patterns miss.
    text = _SPACES.sub(" ", (value or b"")[: limit * 20].decode("utf-8", "replace")).strip()
    text = redact(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(frozen=True)
class DeadLetter:
    """One record of a dead-letter topic: the original bytes and why they failed."""

    topic: str
    partition: int
    offset: int
    timestamp_ms: int
    key: bytes | None
    value: bytes | None
    headers: tuple[tuple[str, bytes], ...]

    @classmethod
    def from_record(cls, record: ConsumerRecord[Any, Any]) -> DeadLetter:
        return cls(
            topic=record.topic,
            partition=record.partition,
            offset=record.offset,
            timestamp_ms=record.timestamp,
            key=record.key,
            value=record.value,
            headers=tuple(record.headers or ()),
        )

    def header(self, name: str) -> str | None:
        """The last value of a header, as text."""
        found = [v for k, v in self.headers if k == name and v is not None]
        return found[-1].decode("utf-8", "replace") if found else None

    def _number(self, name: str) -> int | None:
        value = self.header(name)
        return int(value) if value is not None and value.lstrip("-").isdigit() else None

    @property
    def position(self) -> str:
        return f"{self.partition}:{self.offset}"

    @property
    def reason(self) -> str:
        return self.header("dlq.reason") or "unknown"

    @property
    def source_topic(self) -> str:
        """Where the record came from; a letter without the header came from its DLQ's topic."""
        return self.header("dlq.source.topic") or self.topic.removesuffix(".dlq")

    @property
    def when(self) -> datetime:
        return datetime.fromtimestamp(self.timestamp_ms / 1000, UTC)

    def preview(self, chars: int = 120) -> str:
        """The start of the payload, with contact details and credentials masked."""
        return _text(self.value, chars)

    def error(self, chars: int = 2000) -> str:
        """The error message on one line, redacted (validation errors quote the input)."""
        message, error_type = self.header("dlq.error.message") or "", self.header("dlq.error.type")
        # format_exception_only starts with the qualified type, already in dlq.error.type.
        named, colon, rest = message.partition(": ")
        if error_type and colon and named.endswith(error_type):
            message = rest
        return _text(message.encode(), chars)

    def summary(self, preview_chars: int = 120) -> dict[str, Any]:
        """What an operator may see of the letter: nothing a citizen wrote goes unredacted."""
        return {
            "topic": self.topic,
            "partition": self.partition,
            "offset": self.offset,
            "when": self.when.isoformat(),
            "service": self.header("dlq.service"),
            "reason": self.reason,
            "error_type": self.header("dlq.error.type"),
            "error_message": self.error(),
            "source_topic": self.source_topic,
            "source_partition": self._number("dlq.source.partition"),
            "source_offset": self._number("dlq.source.offset"),
            "attempts": self._number("dlq.attempts"),
            "replayed_from": self.header(REPLAYED_FROM_HEADER),
            "key": self.key.decode("utf-8", "replace") if self.key is not None else None,
            "size": len(self.value or b""),
            "preview": self.preview(preview_chars),
        }

    def replay_headers(self) -> Headers:
        """The original headers without the failure, plus where this replay came from."""
        kept = [(k, v) for k, v in self.headers if not k.startswith("dlq.")]
        here = f"{self.topic}:{self.partition}:{self.offset}"
        return kept + [(REPLAYED_FROM_HEADER, here.encode())]


@dataclass(frozen=True)
class Selection:
    """Which letters to replay: all, or those with one of the reasons and/or at the offsets."""

    reasons: frozenset[str] = frozenset()
    # (partition or None for any partition, offset)
    offsets: frozenset[tuple[int | None, int]] = frozenset()

    @classmethod
    def parse(cls, reasons: Iterable[str] = (), offsets: Iterable[str] = ()) -> Selection:
        """Offsets are `O` (in any partition) or `P:O`; raises ValueError on anything else."""
        parsed: set[tuple[int | None, int]] = set()
        for text in offsets:
            partition, _, offset = text.rpartition(":")
            if not offset.isdigit() or (partition and not partition.isdigit()):
                raise ValueError(f"offset {text!r} is not O or P:O (e.g. 17 or 2:17)")
            parsed.add((int(partition) if partition else None, int(offset)))
        return cls(frozenset(reasons), frozenset(parsed))

    def matches(self, letter: DeadLetter) -> bool:
        if self.reasons and letter.reason not in self.reasons:
            return False
        return not self.offsets or bool(
            {(letter.partition, letter.offset), (None, letter.offset)} & self.offsets
        )

    def unmatched(self, seen: Iterable[LetterRef]) -> list[str]:
        """Offsets asked for that no letter read had."""
        at = {(letter.partition, letter.offset) for letter in seen}
        anywhere = {offset for _, offset in at}
        return sorted(
            f"{p}:{o}" if p is not None else str(o)
            for p, o in self.offsets
            if ((p, o) not in at if p is not None else o not in anywhere)
        )


@asynccontextmanager
async def _assigned(
    bootstrap_servers: str, topic: str, group_id: str | None
) -> AsyncIterator[tuple[AIOKafkaConsumer, list[TopicPartition]]]:
    """A consumer assigned every partition of the topic, which must exist.

    Assigned rather than subscribed: no rebalance to wait for, and the group is only a place
    to keep committed offsets."""
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap_servers,
        group_id=group_id,
        client_id="heard-dlq",
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        fetch_max_wait_ms=50,
    )
    try:
        await consumer.start()
        partitions = (
            consumer.partitions_for_topic(topic) if topic in await consumer.topics() else None
        )
        if not partitions:
            # Never "no dead letters": an empty answer from the wrong cluster would reassure.
            raise DeadLetterError(f"no topic {topic} on this broker (`heard topics create`)")
        tps = [TopicPartition(topic, p) for p in sorted(partitions)]
        consumer.assign(tps)
        yield consumer, tps
    finally:
        await consumer.stop()


async def _until_end(
    consumer: AIOKafkaConsumer, ends: dict[TopicPartition, int]
) -> AsyncIterator[list[ConsumerRecord[Any, Any]]]:
    """Batches of records from each partition's position up to its end offset, then stop."""
    loop_time = asyncio.get_running_loop().time
    pending = {tp for tp, end in ends.items() if await consumer.position(tp) < end}
    progress_at = loop_time()
    while pending:
        batch = await consumer.getmany(*pending, timeout_ms=200, max_records=100)
        records = [r for tp, rs in batch.items() for r in rs if r.offset < ends[tp]]
        before = len(pending)
        pending = {tp for tp in pending if await consumer.position(tp) < ends[tp]}
        if records or len(pending) < before:
            progress_at = loop_time()
        elif loop_time() - progress_at > STALL_S:
            stuck = ", ".join(f"{tp.topic}[{tp.partition}]" for tp in sorted(pending))
            raise DeadLetterError(f"no progress reading {stuck} for {STALL_S:.0f} s")
        if records:
            yield records


@dataclass(frozen=True)
class DeadLetters:
    """The letters read, oldest first, and how many the topic holds in all."""

    topic: str
    total: int
    letters: Sequence[DeadLetter]


async def read_dead_letters(
    *, bootstrap_servers: str, topic: str, limit: int | None = None
) -> DeadLetters:
    """The first `limit` (or all) letters of a topic's DLQ, read without a group or commits."""
    _, dlq = topics_of(topic)
    async with _assigned(bootstrap_servers, dlq, group_id=None) as (consumer, tps):
        begins = await consumer.beginning_offsets(tps)
        ends = await consumer.end_offsets(tps)
        total = sum(ends[tp] - begins[tp] for tp in tps)
        if limit:
            # The oldest `limit` overall are among the oldest `limit` of each partition.
            ends = {tp: min(ends[tp], begins[tp] + limit) for tp in tps}
        for tp in tps:
            consumer.seek(tp, begins[tp])
        letters = [
            DeadLetter.from_record(r) async for batch in _until_end(consumer, ends) for r in batch
        ]
    letters.sort(key=lambda d: (d.timestamp_ms, d.partition, d.offset))
    return DeadLetters(dlq, total, letters[:limit] if limit else letters)


class LetterRef(NamedTuple):
    """A letter a replay dealt with, without its payload (a DLQ can be large)."""

    partition: int
    offset: int
    reason: str
    source_topic: str

    @property
    def position(self) -> str:
        return f"{self.partition}:{self.offset}"


@dataclass
class ReplayReport:
    """What a replay did (or, in a dry run, would do)."""

    topic: str
    dry_run: bool
    replayed: list[LetterRef] = field(default_factory=list)
    skipped: list[LetterRef] = field(default_factory=list)
    offsets_not_found: list[str] = field(default_factory=list)


async def replay_dead_letters(
    *,
    bootstrap_servers: str,
    topic: str,
    selection: Selection = Selection(),
    dry_run: bool = False,
) -> ReplayReport:
    """Republish the selected letters not yet replayed to their source topics, committing in
    `heard-dlq-replay.<topic>` after the broker acknowledged; letters not selected are passed
    over for good (they stay in the DLQ for `show`). A dry run publishes and commits nothing."""
    source, dlq = topics_of(topic)
    report = ReplayReport(dlq, dry_run)
    async with _assigned(bootstrap_servers, dlq, group_id=replay_group(source)) as (
        consumer,
        tps,
    ):
        ends = await consumer.end_offsets(tps)
        producer = None if dry_run else EventProducer(bootstrap_servers, "heard-dlq-replay")
        try:
            if producer is not None:
                await producer.start()
            async for records in _until_end(consumer, ends):
                done: dict[TopicPartition, int] = {}
                for record in records:
                    letter = DeadLetter.from_record(record)
                    dealt = LetterRef(
                        letter.partition, letter.offset, letter.reason, letter.source_topic
                    )
                    if not selection.matches(letter):
                        report.skipped.append(dealt)
                    else:
                        if producer is not None:
                            await producer.publish_raw(
                                letter.source_topic,
                                letter.value,
                                key=letter.key,
                                headers=letter.replay_headers(),
                            )
                        report.replayed.append(dealt)
                    done[TopicPartition(record.topic, record.partition)] = record.offset + 1
                # publish_raw waited for every ack above, so the commit never outruns a publish.
                if producer is not None:
                    await consumer.commit(done)
        finally:
            if producer is not None:
                await producer.stop()
    report.offsets_not_found = selection.unmatched(report.replayed + report.skipped)
    return report
