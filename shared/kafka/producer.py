"""One producer per process: waits for the broker's ack so a commit never outruns a publish."""

from __future__ import annotations

import logging

from aiokafka import AIOKafkaProducer

from shared.events.envelope import Event
from shared.kafka.codec import Headers, encode, event_headers

log = logging.getLogger(__name__)


class EventProducer:
    def __init__(self, bootstrap_servers: str, client_id: str) -> None:
        # acks=all and no idempotence: tansu lacks the idempotent producer, and consumers
        # deduplicate by event id, which covers the retry window it would have closed.
        self._producer = AIOKafkaProducer(
            bootstrap_servers=bootstrap_servers,
            client_id=client_id,
            acks="all",
            enable_idempotence=False,
            linger_ms=1,
            request_timeout_ms=15000,
        )

    async def start(self) -> None:
        await self._producer.start()

    async def stop(self) -> None:
        """Flush what is buffered, then close."""
        await self._producer.stop()

    async def publish(self, event: Event) -> None:
        """Send an event to its topic, keyed by report id, and wait for the ack."""
        await self._producer.send_and_wait(
            event.topic, encode(event), key=event.key, headers=event_headers(event)
        )

    async def publish_raw(
        self, topic: str, value: bytes | None, *, key: bytes | None, headers: Headers
    ) -> None:
        await self._producer.send_and_wait(topic, value, key=key, headers=list(headers))

    async def broker_answers(self) -> bool:
        """True when the broker returns metadata now (readiness)."""
        try:
            await self._producer.client.fetch_all_metadata()
        except Exception:  # noqa: BLE001 - any failure means not ready
            return False
        return True
