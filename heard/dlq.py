"""`heard dlq`: what is in a dead-letter topic, and putting it back once the cause is fixed."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Coroutine, Iterator
from contextlib import contextmanager
from typing import Annotated, Any, TypeVar

import typer
from aiokafka.errors import KafkaConnectionError, KafkaError

from shared.kafka.dead_letters import (
    DeadLetter,
    DeadLetterError,
    Selection,
    UnknownTopic,
    read_dead_letters,
    replay_dead_letters,
    replay_group,
    topics_of,
)

dlq_app = typer.Typer(
    help="Dead-letter topics: see what failed and why, replay it once fixed.",
    no_args_is_help=True,
)

T = TypeVar("T")
Topic = Annotated[
    str, typer.Argument(help="An event topic, with or without .dlq, e.g. mentions.received.v1")
]
Bootstrap = Annotated[str, typer.Option(envvar="HEARD_KAFKA_BOOTSTRAP_SERVERS")]


def _check_topic(topic: str) -> None:
    try:
        topics_of(topic)
    except UnknownTopic as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(2) from None


@contextmanager
def _quiet_aiokafka() -> Iterator[None]:
    # aiokafka logs each failed connection itself; the operator gets one line from us instead.
    logger = logging.getLogger("aiokafka")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)


def _run(work: Coroutine[Any, Any, T], bootstrap: str) -> T:
    """Run against the broker; any broker failure is one line on stderr and exit status 1."""
    try:
        with _quiet_aiokafka():
            return asyncio.run(work)
    except (KafkaConnectionError, OSError):
        typer.echo(
            f"error: cannot reach Kafka at {bootstrap} (--bootstrap or "
            "HEARD_KAFKA_BOOTSTRAP_SERVERS)",
            err=True,
        )
        raise typer.Exit(1) from None
    except (KafkaError, DeadLetterError) as error:
        detail = " ".join(str(error).split()) or type(error).__name__
        typer.echo(f"error: Kafka at {bootstrap}: {detail}", err=True)
        raise typer.Exit(1) from None


def _describe(letter: DeadLetter) -> str:
    s = letter.summary()
    source = f"{s['source_topic']} {s['source_partition']}:{s['source_offset']}"
    lines = [
        f"{letter.position}  {letter.when:%Y-%m-%d %H:%M:%S}Z  {s['service'] or '?'}  "
        f"{s['reason']}  {s['error_type'] or '?'}",
        f"    error: {letter.error(160)}",
        f"    from {source} after {s['attempts']} attempts; key {s['key']}",
        f"    payload ({s['size']} bytes): {s['preview']}",
    ]
    if s["replayed_from"]:
        lines.insert(3, f"    failed again after a replay from {s['replayed_from']}")
    return "\n".join(lines)


@dlq_app.command("show")
def show(
    topic: Topic,
    limit: Annotated[int, typer.Option(min=0, help="At most this many letters; 0 for all.")] = 20,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON document.")] = False,
    bootstrap: Bootstrap = "127.0.0.1:9092",
) -> None:
    """List the oldest dead letters of a topic, payloads redacted; commits nothing."""
    _check_topic(topic)
    found = _run(
        read_dead_letters(bootstrap_servers=bootstrap, topic=topic, limit=limit or None), bootstrap
    )
    if as_json:
        letters = [letter.summary() for letter in found.letters]
        typer.echo(json.dumps({"topic": found.topic, "total": found.total, "letters": letters}))
        return
    if not found.letters:
        typer.echo(f"{found.topic}: no dead letters")
        return
    typer.echo(f"{found.topic}: {found.total} dead letters, oldest first\n")
    typer.echo("\n\n".join(_describe(letter) for letter in found.letters))
    if len(found.letters) < found.total:
        typer.echo(f"\nshowing {len(found.letters)} of {found.total}; --limit 0 shows all")


@dlq_app.command(
    "replay",
    help="Republish dead letters' original bytes to their source topic, once each.\n\n"
    "Progress is committed in the group heard-dlq-replay.<topic> only after the broker "
    "acknowledged, so a second run replays only newer letters. Letters left out by "
    "--only-reason or --offset are passed over for good by that group (`show` still lists "
    "them).",
)
def replay(
    topic: Topic,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Say what would be replayed; publish nothing.")
    ] = False,
    only_reason: Annotated[
        list[str] | None,
        typer.Option(help="Only letters with this dlq.reason (repeatable)."),
    ] = None,
    offset: Annotated[
        list[str] | None,
        typer.Option(help="Only the letter at O (any partition) or P:O, as `show` prints it."),
    ] = None,
    bootstrap: Bootstrap = "127.0.0.1:9092",
) -> None:
    """Republish dead letters' original bytes to their source topic, once each."""
    _check_topic(topic)
    try:
        selection = Selection.parse(only_reason or (), offset or ())
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint="--offset") from None
    report = _run(
        replay_dead_letters(
            bootstrap_servers=bootstrap, topic=topic, selection=selection, dry_run=dry_run
        ),
        bootstrap,
    )
    source, _ = topics_of(topic)
    if dry_run:
        for letter in report.replayed:
            typer.echo(f"would replay {letter.position} ({letter.reason}) to {letter.source_topic}")
        for letter in report.skipped:
            typer.echo(f"would pass over {letter.position} ({letter.reason})")
        typer.echo(
            f"dry run: {len(report.replayed)} would be replayed, {len(report.skipped)} skipped; "
            "nothing published or committed"
        )
    else:
        typer.echo(
            f"{report.topic}: replayed {len(report.replayed)}, skipped {len(report.skipped)} "
            f"(progress kept in group {replay_group(source)})"
        )
    if report.offsets_not_found:
        typer.echo(
            "offsets not found among the letters not yet replayed: "
            + ", ".join(report.offsets_not_found),
            err=True,
        )
