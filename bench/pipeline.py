"""Pipeline benchmark: the real stack as processes, beside a bare 4-hop Kafka relay, one run.

Writes bench/results/pipeline.json. Numbers, not assertions: compare the ratios.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

import httpx
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

from heard.devstack import Stack, StackConfig
from shared.events import MentionReceived, ReplySent
from shared.kafka.admin import ensure_topics
from triage.directory import Directory

RESULTS = Path(__file__).parent / "results"


def percentiles(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    pick = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))]  # noqa: E731
    return {
        "n": len(ordered),
        "p50_ms": round(1000 * statistics.median(ordered), 1),
        "p95_ms": round(1000 * pick(0.95), 1),
        "max_ms": round(1000 * ordered[-1], 1),
    }


async def raw_relay(bootstrap: str, messages: int = 100, spacing_s: float = 0.02) -> list[float]:
    """Four hops of consume-then-produce with bare aiokafka: the floor the pipeline sits on."""
    topics = [f"bench.hop{i}" for i in range(5)]
    await ensure_topics(bootstrap, topics, partitions=3)
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", linger_ms=1)
    await producer.start()
    consumers = []
    for i, topic in enumerate(topics):
        consumer = AIOKafkaConsumer(
            topic,
            bootstrap_servers=bootstrap,
            group_id=f"bench-{i}-{time.time()}",
            enable_auto_commit=False,
            auto_offset_reset="latest",
            fetch_max_wait_ms=20,
            session_timeout_ms=3000,
            heartbeat_interval_ms=1000,
        )
        await consumer.start()
        consumers.append(consumer)
    for consumer in consumers:  # wait until every group has its partitions
        while not consumer.assignment():
            await consumer.getmany(timeout_ms=100)
    latencies: list[float] = []
    done = asyncio.Event()

    async def hop(i: int) -> None:
        while not done.is_set():
            batch = await consumers[i].getmany(timeout_ms=100)
            for records in batch.values():
                for record in records:
                    if i == 4:
                        latencies.append(time.time() - float(record.value.decode()))
                    else:
                        await producer.send_and_wait(topics[i + 1], record.value, key=record.key)
            if batch:
                await consumers[i].commit()
            if len(latencies) >= messages:
                done.set()

    tasks = [asyncio.create_task(hop(i)) for i in range(5)]
    await asyncio.sleep(0.5)
    for n in range(messages):
        await producer.send_and_wait(topics[0], str(time.time()).encode(), key=str(n).encode())
        await asyncio.sleep(spacing_s)
    await asyncio.wait_for(done.wait(), 60)
    await asyncio.gather(*tasks)
    for consumer in consumers:
        await consumer.stop()
    await producer.stop()
    return latencies


async def pipeline_hops(bootstrap: str, report_ids: set[str]) -> list[float]:
    """MentionReceived.occurred_at to ReplySent.occurred_at: the three Kafka hops plus work."""
    consumer = AIOKafkaConsumer(
        MentionReceived.topic,
        ReplySent.topic,
        bootstrap_servers=bootstrap,
        auto_offset_reset="earliest",
        fetch_max_wait_ms=50,
    )
    await consumer.start()
    heard: dict[str, datetime] = {}
    answered: dict[str, datetime] = {}
    deadline = time.monotonic() + 30
    while len(answered) < len(report_ids) and time.monotonic() < deadline:
        for records in (await consumer.getmany(timeout_ms=200)).values():
            for record in records:
                data = json.loads(record.value)
                target = heard if record.topic == MentionReceived.topic else answered
                # The first reply is the acknowledgement; later ones relay departments.
                target.setdefault(
                    data["correlation_id"], datetime.fromisoformat(data["occurred_at"])
                )
    await consumer.stop()
    return [(answered[r] - heard[r]).total_seconds() for r in report_ids if r in answered]


def post_and_wait(
    stack: Stack, count: int, spacing_s: float
) -> tuple[list[float], set[str], float]:
    """Citizen posts; time until the reply is visible in the thread (includes ingest polling)."""
    from shared.events.envelope import report_id_for

    latencies, report_ids = [], set()
    started = time.monotonic()
    with httpx.Client(base_url=stack.config.mastodon_url, timeout=10) as http:
        auth = {"Authorization": "Bearer citizen-lowri"}
        for i in range(count):
            t0 = time.monotonic()
            status = http.post(
                "/api/v1/statuses",
                headers=auth,
                json={"status": f"@MonmouthshireCC pothole {i} on Frogmore Street, Abergavenny"},
            ).json()
            report_ids.add(report_id_for("mastodon", str(status["id"])))
            # The control endpoint, not the API: polling the API would hit the rate limit.
            while not any(
                s.get("in_reply_to_id") == status["id"] for s in http.get("/_fake/statuses").json()
            ):
                time.sleep(0.01)
            latencies.append(time.monotonic() - t0)
            time.sleep(spacing_s)
    return latencies, report_ids, time.monotonic() - started


def burst(stack: Stack, count: int) -> float:
    """Post `count` mentions at once; mentions per second until every one is answered."""
    with httpx.Client(base_url=stack.config.mastodon_url, timeout=10) as http:
        auth = {"Authorization": "Bearer citizen-tom"}
        t0 = time.monotonic()
        ids = [
            http.post(
                "/api/v1/statuses",
                headers=auth,
                json={"status": f"@ArdsNorthDown bins not lifted, street {i}, Bangor BT20"},
            ).json()["id"]
            for i in range(count)
        ]
        wanted = set(map(str, ids))
        while True:
            statuses = http.get("/_fake/statuses").json()
            replied = {str(s["in_reply_to_id"]) for s in statuses if s.get("in_reply_to_id")}
            if wanted <= replied:
                return count / (time.monotonic() - t0)
            time.sleep(0.05)


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    with tempfile.TemporaryDirectory() as tmp:
        # Departments stay silent: this measures hearing and acknowledging, not their replies.
        silent = {body: {"mode": "silent"} for body in Directory.load(None).bodies}
        stack = Stack(StackConfig.ephemeral(Path(tmp), department_scenarios=silent))
        t0 = time.monotonic()
        stack.start()
        startup = time.monotonic() - t0
        try:
            visible, report_ids, _ = post_and_wait(stack, count, spacing_s=0.05)
            hops = asyncio.run(pipeline_hops(stack.config.bootstrap_servers, report_ids))
            relay = asyncio.run(raw_relay(stack.config.bootstrap_servers))
            rate = burst(stack, 200)
        finally:
            stack.stop()
    hop_stats, relay_stats = percentiles(hops), percentiles(relay)
    results = {
        "stack_startup_s": round(startup, 2),
        "post_to_reply_in_thread": percentiles(visible),
        "ingest_poll_interval_s": 0.5,
        "heard_to_replied_3_hops": hop_stats,
        "bare_aiokafka_relay_4_hops": relay_stats,
        "pipeline_p50_over_bare_relay_p50": round(hop_stats["p50_ms"] / relay_stats["p50_ms"], 2),
        "burst_200_mentions_per_s": round(rate, 1),
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "pipeline.json").write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
