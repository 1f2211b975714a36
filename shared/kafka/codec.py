"""How events become Kafka records and back: JSON value, report-id key, typed headers."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from opentelemetry import propagate

from shared.events.envelope import Event

Headers = list[tuple[str, bytes]]
EVENT_TYPE_HEADER = "heard-event-type"
SCHEMA_VERSION_HEADER = "heard-schema-version"

E = TypeVar("E", bound=Event)


def encode(event: Event) -> bytes:
    return event.model_dump_json().encode()


def decode(model: type[E], value: bytes | None) -> E:
    """Parse a record value; raises pydantic.ValidationError on anything malformed."""
    return model.model_validate_json(value or b"")


def event_headers(event: Event) -> Headers:
    # A mutable list: the aiokafka instrumentation injects traceparent into it in place.
    return [
        (EVENT_TYPE_HEADER, event.event_type.encode()),
        (SCHEMA_VERSION_HEADER, str(event.schema_version).encode()),
    ]


def headers_to_carrier(headers: Sequence[tuple[str, bytes]] | None) -> dict[str, str]:
    """Record headers as a text carrier for the W3C propagator."""
    return {k: v.decode("latin-1") for k, v in headers or () if v is not None}


def extract_context(headers: Sequence[tuple[str, bytes]] | None):  # type: ignore[no-untyped-def]
    """The trace context the producer put in the record's headers."""
    return propagate.extract(headers_to_carrier(headers))
