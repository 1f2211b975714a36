"""Composition root for ingest: one inbound adapter per configured platform account."""

from __future__ import annotations

import functools
from pathlib import Path

import httpx
from sqlalchemy.ext.asyncio import AsyncEngine

from platforms.base import MentionSource, MentionStream
from platforms.bluesky.build import bluesky_stream
from platforms.mastodon.build import mastodon_sources, mastodon_streams
from platforms.x.wiring import x_filtered_stream, x_timeline_sources
from services.ingest.config import IngestSettings
from services.ingest.open311_status import Open311StatusRepository, note_routing, note_update
from services.ingest.poller import poll_feed
from services.ingest.repository import IngestRepository
from services.ingest.sink import IngestSink
from shared.events.routed import ReportRouted
from shared.events.updated import ReportUpdated
from shared.kafka.producer import EventProducer
from shared.kafka.runner import Subscription
from shared.service import BackgroundJob, ServiceParts
from shared.storage import session_maker

MIGRATIONS = Path(__file__).parent / "migrations"


def _polled(settings: IngestSettings, http: httpx.AsyncClient) -> list[tuple[MentionSource, float]]:
    """Feeds to poll, each with its interval (each platform's quota differs)."""
    feeds: list[tuple[MentionSource, float]] = []
    if settings.mastodon and settings.mastodon.mode == "poll":
        feeds += [(s, settings.poll_interval_s) for s in mastodon_sources(settings.mastodon, http)]
    if settings.x and settings.x.mode == "poll":
        feeds += [(s, settings.x.poll_interval_s) for s in x_timeline_sources(settings.x, http)]
    return feeds


def _streams(settings: IngestSettings, http: httpx.AsyncClient) -> list[MentionStream]:
    streams: list[MentionStream] = []
    if settings.mastodon and settings.mastodon.mode == "stream":
        streams += mastodon_streams(settings.mastodon, http)
    if settings.x and settings.x.mode == "stream":
        streams.append(x_filtered_stream(settings.x, http))
    if settings.bluesky and settings.bluesky.accounts:
        streams.append(bluesky_stream(settings.bluesky, http))
    return streams


async def bootstrap(
    settings: IngestSettings,
    *,
    sink: IngestSink,
    http: httpx.AsyncClient,
    statuses: Open311StatusRepository,
    engine: AsyncEngine,
) -> ServiceParts:
    repository = IngestRepository(session_maker(engine))
    producer = EventProducer(settings.kafka_bootstrap_servers, client_id="heard-ingest")
    sink.bind(repository, producer.publish)
    jobs: list[BackgroundJob] = [
        functools.partial(
            poll_feed,
            source=source,
            repository=repository,
            publish=producer.publish,
            interval_s=interval,
        )
        for source, interval in _polled(settings, http)
    ]
    jobs += [
        functools.partial(stream.listen, sink=sink, cursors=repository)
        for stream in _streams(settings, http)
    ]
    return ServiceParts(
        name="ingest",
        settings=settings,
        engine=engine,
        migrations_dir=MIGRATIONS,
        producer=producer,
        background=jobs,
        subscriptions=[
            Subscription(ReportRouted, functools.partial(note_routing, statuses=statuses)),
            Subscription(ReportUpdated, functools.partial(note_update, statuses=statuses)),
        ],
        on_shutdown=[http.aclose],
    )
