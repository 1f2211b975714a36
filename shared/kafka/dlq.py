"""Dead letters: the original bytes, plus where they came from and why they failed."""

from __future__ import annotations

import traceback

from aiokafka.structs import ConsumerRecord

from shared.events import dlq_topic
from shared.kafka.codec import Headers

# Set by `heard dlq replay`; kept when the replayed record fails again, so a letter that has
# been round the loop before says so.
REPLAYED_FROM_HEADER = "dlq.replayed-from"


def dead_letter_headers(
    record: ConsumerRecord, *, reason: str, error: BaseException, attempts: int, service: str
) -> Headers:
    """The record's own headers with the failure described beside them."""
    message = "".join(traceback.format_exception_only(error)).strip()[:2000]
    kept = [
        (k, v)
        for k, v in record.headers or ()
        if not k.startswith("dlq.") or k == REPLAYED_FROM_HEADER
    ]
    return kept + [
        ("dlq.reason", reason.encode()),
        ("dlq.error.type", type(error).__name__.encode()),
        ("dlq.error.message", message.encode()),
        ("dlq.source.topic", record.topic.encode()),
        ("dlq.source.partition", str(record.partition).encode()),
        ("dlq.source.offset", str(record.offset).encode()),
        ("dlq.attempts", str(attempts).encode()),
        ("dlq.service", service.encode()),
    ]


def dead_letter_topic_of(record: ConsumerRecord) -> str:
    return dlq_topic(record.topic)
