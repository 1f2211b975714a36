"""The consumer loop every service runs: process, publish, then commit; dead-letter the rest."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from aiokafka import AIOKafkaConsumer, ConsumerRebalanceListener, TopicPartition
from aiokafka.errors import CommitFailedError, KafkaError
from aiokafka.structs import ConsumerRecord
from opentelemetry import trace
from opentelemetry.trace import SpanKind, Status, StatusCode
from pydantic import ValidationError
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    retry_if_not_exception_type,
    wait_exponential_jitter,
)

from shared.events.envelope import Event
from shared.kafka.codec import decode, extract_context
from shared.kafka.dlq import dead_letter_headers, dead_letter_topic_of
from shared.kafka.producer import EventProducer

log = logging.getLogger(__name__)
_tracer = trace.get_tracer("heard.kafka")

E = TypeVar("E", bound=Event)
Handler = Callable[[E], Awaitable[Sequence[Event]]]


class PermanentError(Exception):
    """The event can never be handled as it is: dead-letter it without retrying."""


@dataclass(frozen=True)
class Subscription(Generic[E]):
    """A handler and the topic it listens to, declared side by side."""

    event_type: type[E]
    handler: Handler[E]

    @property
    def topic(self) -> str:
        return self.event_type.topic


@dataclass(frozen=True)
class RetryPolicy:
    """Failures are retried max_attempts times; a rate limit (an error with `retry_after`)
    is waited out without using up attempts, for up to rate_limit_patience_s."""

    max_attempts: int = 4
    initial_s: float = 0.2
    max_s: float = 5.0
    rate_limit_patience_s: float = 900.0

    def wait(self, state: RetryCallState) -> float:
        """Backoff with jitter, or what the failing party asked for (a 429's retry_after)."""
        asked = _retry_after(state)
        if asked is not None:
            return min(asked, 60.0)
        return wait_exponential_jitter(multiplier=self.initial_s, max=self.max_s)(state)

    def stopper(self) -> Callable[[RetryCallState], bool]:
        """A stop condition for one record: counts only failures that were not rate limits."""
        failures = 0

        def stop(state: RetryCallState) -> bool:
            nonlocal failures
            if _retry_after(state) is not None:
                return (state.seconds_since_start or 0.0) > self.rate_limit_patience_s
            failures += 1
            return failures >= self.max_attempts

        return stop


def _retry_after(state: RetryCallState) -> float | None:
    error = state.outcome.exception() if state.outcome else None
    asked = getattr(error, "retry_after", None)
    return float(asked) if isinstance(asked, int | float) else None


class _CommitOnRevoke(ConsumerRebalanceListener):
    def __init__(self, runner: ConsumerRunner) -> None:
        self.runner = runner

    async def on_partitions_revoked(self, revoked: Any) -> None:
        await self.runner.commit_processed(set(revoked))

    async def on_partitions_assigned(self, assigned: Any) -> None:
        log.info("assigned %s", sorted(f"{tp.topic}[{tp.partition}]" for tp in assigned))


class ConsumerRunner:
    """Consumes one topic in a group. Offsets are committed only after effects are stored."""

    def __init__(
        self,
        *,
        subscription: Subscription[Any],
        producer: EventProducer,
        bootstrap_servers: str,
        group_id: str,
        service: str,
        retry: RetryPolicy = RetryPolicy(),
        fetch_max_wait_ms: int = 20,
        session_timeout_ms: int = 10000,
        max_batch: int = 100,
    ) -> None:
        self.subscription = subscription
        self.producer = producer
        self.group_id = group_id
        self.service = service
        self.retry = retry
        self.max_batch = max_batch
        self.consumer = AIOKafkaConsumer(
            bootstrap_servers=bootstrap_servers,
            group_id=group_id,
            client_id=f"heard-{service}",
            enable_auto_commit=False,
            auto_offset_reset="earliest",
            fetch_max_wait_ms=fetch_max_wait_ms,
            session_timeout_ms=session_timeout_ms,
            heartbeat_interval_ms=max(session_timeout_ms // 3, 100),
        )
        self._processed: dict[TopicPartition, int] = {}
        self._stopping = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self.records_handled = 0
        self.records_dead_lettered = 0

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done() and not self._stopping.is_set()

    async def start(self) -> None:
        """Join the group and start consuming in the background."""
        self.consumer.subscribe([self.subscription.topic], listener=_CommitOnRevoke(self))
        await self.consumer.start()
        self._task = asyncio.create_task(self._run(), name=f"consume {self.subscription.topic}")

    async def stop(self) -> None:
        """Finish the in-flight batch, commit, and leave the group."""
        self._stopping.set()
        if self._task is not None:
            try:
                await self._task
            except Exception:
                log.exception("consumer loop ended with an error")
        await self.commit_processed(None)
        await self.consumer.stop()

    async def _run(self) -> None:
        while not self._stopping.is_set():
            batches = await self.consumer.getmany(timeout_ms=200, max_records=self.max_batch)
            for records in batches.values():
                for record in records:
                    await self._process(record)
            await self.commit_processed(None)

    async def commit_processed(self, partitions: set[TopicPartition] | None) -> None:
        """Commit the next offset of every processed record (optionally only some partitions)."""
        offsets = {
            tp: offset
            for tp, offset in self._processed.items()
            if partitions is None or tp in partitions
        }
        if not offsets:
            return
        try:
            await self.consumer.commit(offsets)
        except (CommitFailedError, KafkaError) as error:
            # The partitions moved on; their new owner re-handles, and handlers are idempotent.
            log.warning("commit failed, records will be redelivered: %s", error)
        for tp in offsets:
            if self._processed.get(tp) == offsets[tp]:
                del self._processed[tp]

    async def _process(self, record: ConsumerRecord) -> None:
        topic = record.topic
        attributes = {
            "messaging.system": "kafka",
            "messaging.operation.name": "process",
            "messaging.operation.type": "process",
            "messaging.destination.name": topic,
            "messaging.destination.partition.id": str(record.partition),
            "messaging.consumer.group.name": self.group_id,
            "messaging.kafka.offset": record.offset,
        }
        if record.key is not None:
            attributes["messaging.kafka.message.key"] = record.key.decode(errors="replace")
        with _tracer.start_as_current_span(
            f"process {topic}",
            context=extract_context(record.headers),
            kind=SpanKind.CONSUMER,
            attributes=attributes,
        ) as span:
            try:
                event = decode(self.subscription.event_type, record.value)
            except ValidationError as error:
                await self._dead_letter(record, "invalid_event", error, attempts=0, span=span)
            else:
                span.set_attribute("messaging.message.id", event.event_id)
                await self._handle_with_retries(record, event, span)
        tp = TopicPartition(record.topic, record.partition)
        self._processed[tp] = record.offset + 1
        self.records_handled += 1

    async def _handle_with_retries(
        self, record: ConsumerRecord, event: Event, span: trace.Span
    ) -> None:
        attempts = 0
        try:
            async for attempt in AsyncRetrying(
                stop=self.retry.stopper(),
                wait=self.retry.wait,
                retry=retry_if_not_exception_type(PermanentError),
                reraise=True,
            ):
                with attempt:
                    attempts += 1
                    outputs = await self.subscription.handler(event)
                    for output in outputs:
                        await self.producer.publish(output)
        except PermanentError as error:
            await self._dead_letter(record, "rejected", error, attempts=attempts, span=span)
        except Exception as error:  # noqa: BLE001 - every failure past the retries is a dead letter
            log.exception(
                "giving up on %s@%s after %d tries", record.topic, record.offset, attempts
            )
            await self._dead_letter(record, "handler_failed", error, attempts=attempts, span=span)

    async def _dead_letter(
        self,
        record: ConsumerRecord,
        reason: str,
        error: BaseException,
        *,
        attempts: int,
        span: trace.Span,
    ) -> None:
        span.set_status(Status(StatusCode.ERROR, reason))
        span.set_attribute("error.type", type(error).__name__)
        topic = dead_letter_topic_of(record)
        # If this publish fails the exception propagates: the offset stays uncommitted.
        await self.producer.publish_raw(
            topic,
            record.value,
            key=record.key,
            headers=dead_letter_headers(
                record, reason=reason, error=error, attempts=attempts, service=self.service
            ),
        )
        self.records_dead_lettered += 1
        log.warning(
            "dead-lettered %s[%d]@%d to %s: %s (%s)",
            record.topic,
            record.partition,
            record.offset,
            topic,
            reason,
            type(error).__name__,
        )
