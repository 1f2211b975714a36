"""The events' published schemas: generated from code, committed, and evolved additively."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from shared.events import ALL_EVENTS, TOPICS, MentionReceived
from shared.events.schemas import event_schemas

DOCS = Path(__file__).resolve().parents[2] / "docs" / "events"


@pytest.mark.parametrize("topic", TOPICS)
def test_committed_schema_matches_the_model(topic: str) -> None:
    committed = json.loads((DOCS / f"{topic}.schema.json").read_text())
    assert committed == json.loads(json.dumps(event_schemas()[topic])), (
        f"{topic}: the model changed; run `make schemas` and check the change is additive"
    )


def test_topics_are_versioned_and_match_the_schema_version() -> None:
    for event in ALL_EVENTS:
        name, _, version = event.topic.rpartition(".v")
        assert name.count(".") == 1 and version == str(event.version), event.topic


def test_consumers_ignore_fields_a_newer_producer_adds() -> None:
    raw = {
        "event_id": "e1",
        "event_type": "MentionReceived",
        "schema_version": 1,
        "occurred_at": "2026-11-25T10:00:00Z",
        "correlation_id": "r1",
        "a_future_field": {"x": 1},
        "payload": {
            "platform": "x",
            "id": "1",
            "author": {"id": "2", "handle": "h", "future": True},
            "text": "hi",
            "created_at": "2026-11-25T10:00:00+01:00",
            "sentiment": "cross",
        },
    }
    event = MentionReceived.model_validate(raw)
    assert event.payload.text == "hi"
    assert event.payload.mentions == []


def test_events_are_immutable() -> None:
    event = MentionReceived.model_validate_json(
        json.dumps(
            {
                "event_id": "e1",
                "event_type": "MentionReceived",
                "occurred_at": "2026-11-25T10:00:00Z",
                "correlation_id": "r1",
                "payload": {
                    "platform": "web",
                    "id": "1",
                    "author": {"id": "2", "handle": "h"},
                    "text": "hi",
                    "created_at": "2026-11-25T10:00:00Z",
                },
            }
        )
    )
    with pytest.raises(Exception, match="frozen"):
        event.payload.text = "changed"  # type: ignore[misc]
