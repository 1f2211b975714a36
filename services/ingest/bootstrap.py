"""Composition root for ingest: real adapters from settings."""

from __future__ import annotations

import functools
from pathlib import Path

import httpx

from platforms.mastodon.api import MastodonApi
from platforms.mastodon.inbound import MastodonMentionSource
from services.ingest.config import IngestSettings
from services.ingest.poller import poll_feed
from services.ingest.repository import IngestRepository
from shared.kafka.producer import EventProducer
from shared.service import BackgroundJob, ServiceParts
from shared.storage import create_engine, session_maker

MIGRATIONS = Path(__file__).parent / "migrations"


async def bootstrap(settings: IngestSettings) -> ServiceParts:
    engine = create_engine(settings.resolved_database_url())
    repository = IngestRepository(session_maker(engine))
    producer = EventProducer(settings.kafka_bootstrap_servers, client_id="heard-ingest")
    http = httpx.AsyncClient(timeout=httpx.Timeout(10.0))
    jobs: list[BackgroundJob] = []
    if settings.mastodon_base_url:
        for account, token in settings.mastodon_accounts.items():
            api = MastodonApi(http, settings.mastodon_base_url, token.get_secret_value())
            jobs.append(
                functools.partial(
                    poll_feed,
                    source=MastodonMentionSource(api, account),
                    repository=repository,
                    publish=producer.publish,
                    interval_s=settings.poll_interval_s,
                )
            )
    return ServiceParts(
        name="ingest",
        settings=settings,
        engine=engine,
        migrations_dir=MIGRATIONS,
        producer=producer,
        background=jobs,
        on_shutdown=[http.aclose],
    )
