"""JSON Schemas of every event, generated from the models: the published contract per topic."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from shared.events import ALL_EVENTS


def event_schemas() -> dict[str, dict]:
    """Topic name -> JSON Schema of the event it carries."""
    schemas = {}
    for event in ALL_EVENTS:
        schema = event.model_json_schema(mode="serialization")
        schema["title"] = event.type_name
        schema["x-topic"] = event.topic
        schemas[event.topic] = schema
    return schemas


def write(directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for topic, schema in event_schemas().items():
        path = directory / f"{topic}.schema.json"
        path.write_text(json.dumps(schema, indent=2, sort_keys=True) + "\n")
        written.append(path)
    return written


if __name__ == "__main__":
    for path in write(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/events")):
        print(path)
