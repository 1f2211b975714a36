"""Topic creation for the embedded broker and tests (Strimzi KafkaTopics do it in production)."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import KafkaConnectionError, TopicAlreadyExistsError

from shared.events import TOPICS, dlq_topic

log = logging.getLogger(__name__)


def all_topics() -> list[str]:
    """Every event topic and its dead-letter topic."""
    return [t for topic in TOPICS for t in (topic, dlq_topic(topic))]


async def ensure_topics(
    bootstrap_servers: str, topics: list[str] | None = None, partitions: int = 3, wait_s: float = 30
) -> None:
    """Create missing topics, waiting for the broker to come up first."""
    wanted = topics or all_topics()
    deadline = asyncio.get_running_loop().time() + wait_s
    while True:
        admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap_servers)
        try:
            await admin.start()
            break
        except KafkaConnectionError:
            await admin.close()
            if asyncio.get_running_loop().time() > deadline:
                raise
            await asyncio.sleep(0.2)
    try:
        existing = set(await admin.list_topics())
        missing = [NewTopic(t, partitions, 1) for t in wanted if t not in existing]
        if missing:
            # Another process may create them at the same moment.
            with contextlib.suppress(TopicAlreadyExistsError):
                await admin.create_topics(missing)
            log.info("created topics %s", [t.name for t in missing])
    finally:
        await admin.close()
