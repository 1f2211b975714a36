"""The polling entrypoint: ask each feed for news, obey the platform's rate limits."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random

from platforms.base import MentionSource, RateLimited, RejectedByPlatform, TransientPlatformError
from services.ingest.handlers import Publish, ingest_page
from services.ingest.repository import IngestRepository

log = logging.getLogger(__name__)


async def _sleep_unless_stopped(stop: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), timeout=seconds)


async def poll_feed(
    stop: asyncio.Event,
    *,
    source: MentionSource,
    repository: IngestRepository,
    publish: Publish,
    interval_s: float,
) -> None:
    """Poll one feed until stopped; failures wait and retry, never skip the cursor ahead."""
    feed = f"{source.platform}:{source.account}"
    backoff = interval_s
    while not stop.is_set():
        try:
            cursor = await repository.cursor(feed)
            page = await source.fetch_since(cursor)
            await ingest_page(page, feed=feed, repository=repository, publish=publish)
            backoff = interval_s
            wait = interval_s
        except RateLimited as error:
            log.warning("%s rate limited; waiting %.1fs", feed, error.retry_after)
            wait = max(error.retry_after, interval_s)
        except (TransientPlatformError, RejectedByPlatform) as error:
            backoff = min(backoff * 2, 60.0)
            wait = backoff * random.uniform(0.5, 1.0)
            log.warning("%s poll failed (%s); retrying in %.1fs", feed, error, wait)
        except Exception:  # noqa: BLE001 - broker or database down: keep the feed alive
            backoff = min(backoff * 2, 60.0)
            wait = backoff
            log.exception("%s poll failed; retrying in %.1fs", feed, wait)
        await _sleep_unless_stopped(stop, wait)
