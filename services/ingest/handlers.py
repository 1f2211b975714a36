"""Ingest use cases: publish each new post once, then move the feed's cursor."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from opentelemetry import trace
from opentelemetry.trace import SpanKind

from platforms.base import MentionPage
from services.ingest.repository import IngestRepository
from shared.events.envelope import Event, report_id_for
from shared.events.mention import Mention, MentionReceived

log = logging.getLogger(__name__)
_tracer = trace.get_tracer("heard.ingest")

Publish = Callable[[Event], Awaitable[None]]


async def ingest_mention(
    mention: Mention, *, feed: str, repository: IngestRepository, publish: Publish
) -> bool:
    """Publish a post unless it was already published; True if it was new."""
    if await repository.was_published(mention.platform, mention.id):
        return False
    report_id = report_id_for(mention.platform, mention.id)
    # Each report's trace starts here, where Heard first hears the citizen.
    with _tracer.start_as_current_span(
        f"ingest {mention.platform}",
        kind=SpanKind.CONSUMER,
        attributes={
            "heard.platform": mention.platform,
            "heard.mention_id": mention.id,
            "heard.report_id": report_id,
            "heard.feed": feed,
        },
    ):
        await publish(MentionReceived.create(mention, correlation_id=report_id))
    # Publish before recording: a crash between the two republishes, and downstream
    # deduplicates by report id; the reverse order could lose the post.
    await repository.mark_published(
        platform=mention.platform, platform_id=mention.id, report_id=report_id, feed=feed
    )
    log.info("heard %s post %s via %s", mention.platform, mention.id, feed)
    return True


async def ingest_page(
    page: MentionPage, *, feed: str, repository: IngestRepository, publish: Publish
) -> int:
    """Publish a page of mentions, oldest first, then store the cursor; returns the new count."""
    new = 0
    for mention in page.mentions:
        new += await ingest_mention(mention, feed=feed, repository=repository, publish=publish)
    if page.cursor is not None:
        await repository.save_cursor(feed, page.cursor)
    return new
