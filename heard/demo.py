"""The demo feed: citizens post on the fake Mastodon; we watch each report go through."""

from __future__ import annotations

import asyncio
import json
import time
from dataclasses import dataclass
from importlib import resources

from aiokafka import AIOKafkaConsumer
from rich.console import Console, Group
from rich.live import Live
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from heard.demo_platforms import post, replied_in_thread
from heard.devstack import StackConfig
from shared.events import (
    MentionReceived,
    ReplySent,
    ReportClassified,
    ReportEscalated,
    ReportRouted,
    ReportUpdated,
)
from shared.events.envelope import report_id_for

WATCHED = (
    MentionReceived,
    ReportClassified,
    ReportRouted,
    ReplySent,
    ReportUpdated,
    ReportEscalated,
)


@dataclass
class Row:
    heard: str
    expect_reply: bool = True
    from_feed: bool = False
    platform: str = ""
    post_id: str = ""
    category: str = ""
    urgency: str = ""
    bodies: str = ""
    reply: str = ""
    progress: str = ""


def load_feed() -> list[dict[str, object]]:
    return json.loads(resources.files("heard").joinpath("demo_feed.json").read_text())


def render(rows: dict[str, Row], progress: Progress) -> Group:
    table = Table(expand=True, show_lines=False)
    for column, ratio in (
        ("heard", 5),
        ("category", 2),
        ("bodies", 3),
        ("reply", 5),
        ("department", 2),
    ):
        table.add_column(column, ratio=ratio, overflow="fold")
    for row in list(rows.values())[-14:]:
        category = f"{row.category} ({row.urgency})" if row.category else "…"
        table.add_row(
            row.heard[:120], category, row.bodies or "…", row.reply or "…", row.progress or "…"
        )
    return Group(table, progress)


async def _post_feed(config: StackConfig, rows: dict[str, Row], spacing_s: float) -> None:
    for item in load_feed():
        platform, citizen, text = str(item["platform"]), str(item["citizen"]), str(item["text"])
        post_id = await post(config, platform, citizen, text, to=str(item["to"]))
        rows[report_id_for(platform, post_id)] = Row(
            heard=f"[{platform}] {citizen}: {text}",
            expect_reply=bool(item["report"]),
            from_feed=True,
            platform=platform,
            post_id=post_id,
        )
        await asyncio.sleep(spacing_s)


async def _replies_in_threads(config: StackConfig, rows: dict[str, Row]) -> int:
    """Count expected reports whose thread on their platform's fake holds Heard's reply."""
    found = 0
    for row in rows.values():
        if row.expect_reply and row.post_id:
            found += await replied_in_thread(config, row.platform, row.post_id)
    return found


async def play_demo(config: StackConfig, *, keep_serving: bool, spacing_s: float = 0.25) -> int:
    """Post the feed on every platform, show each report as it goes; 0 if every report got its
    reply in its thread."""
    console = Console()
    rows: dict[str, Row] = {}
    consumer = AIOKafkaConsumer(
        *(event.topic for event in WATCHED),
        bootstrap_servers=config.bootstrap_servers,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
        fetch_max_wait_ms=50,
    )
    by_topic = {event.topic: event for event in WATCHED}
    await consumer.start()
    progress = Progress(
        TextColumn("answered"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn()
    )
    expected = sum(1 for item in load_feed() if item["report"])
    task = progress.add_task("answered", total=expected)
    started = time.monotonic()
    poster = asyncio.create_task(_post_feed(config, rows, spacing_s))
    answered: set[str] = set()
    updated = escalated = False
    try:
        with Live(render(rows, progress), console=console, refresh_per_second=8) as live:
            # Done when every report has its reply and the loop has visibly closed: at least
            # one department update relayed and one silent department escalated.
            while (
                keep_serving
                or not poster.done()
                or not (len(answered & _expected(rows)) >= expected and updated and escalated)
            ):
                batch = await consumer.getmany(timeout_ms=200)
                for records in batch.values():
                    for record in records:
                        event = by_topic[record.topic].model_validate_json(record.value)
                        _apply(rows, event)
                        if isinstance(event, ReplySent):
                            answered.add(event.correlation_id)
                        updated |= isinstance(event, ReportUpdated)
                        escalated |= (
                            isinstance(event, ReportEscalated)
                            and event.payload.level == "holding_reply"
                        )
                # Posts from outside the feed (say, yours via Mastodon.py) join the count.
                total = max(expected, len(_expected(rows)))
                progress.update(task, total=total, completed=len(answered & _expected(rows)))
                live.update(render(rows, progress))
                if not keep_serving and time.monotonic() - started > 180:
                    break
        await poster
    finally:
        await consumer.stop()
    elapsed = time.monotonic() - started
    in_threads = await _replies_in_threads(config, rows)
    expected = len(_expected(rows))
    ok = (
        len(answered & _expected(rows)) == expected
        and in_threads >= expected
        and updated
        and escalated
    )
    console.print(
        f"{len(answered & _expected(rows))} of {expected} reports answered in {elapsed:.1f}s; "
        f"{in_threads} replies found in their threads on the fake platforms; department "
        f"updates relayed: {'yes' if updated else 'no'}; escalation to a holding reply: "
        f"{'yes' if escalated else 'no'}."
    )
    return 0 if ok else 1


def _expected(rows: dict[str, Row]) -> set[str]:
    return {report_id for report_id, row in rows.items() if row.expect_reply}


def _apply(rows: dict[str, Row], event: object) -> None:
    if isinstance(event, MentionReceived):
        mention = event.payload
        rows.setdefault(
            event.correlation_id,
            Row(
                heard=f"[{mention.platform}] {mention.author.handle}: {mention.text}",
                platform=mention.platform,
                post_id=mention.id,
            ),
        )
        return
    row = rows.get(getattr(event, "correlation_id", ""))
    if row is None:
        return
    if isinstance(event, ReportClassified):
        row.category = event.payload.category or "not a report"
        row.urgency = event.payload.urgency
        if not row.from_feed:
            row.expect_reply = event.payload.is_report
    elif isinstance(event, ReportRouted):
        row.bodies = ", ".join(b.id for b in event.payload.bodies) or (
            "ask where" if event.payload.needs_location else "none"
        )
    elif isinstance(event, ReplySent):
        row.reply = row.reply or event.payload.text
    elif isinstance(event, ReportUpdated):
        row.progress = f"{event.payload.body_id}: {event.payload.kind}"
    elif isinstance(event, ReportEscalated):
        row.progress = f"{event.payload.body_id}: {event.payload.level.replace('_', ' ')}"
