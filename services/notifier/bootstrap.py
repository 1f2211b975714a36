"""Composition root for the notifier: one reply adapter per configured platform."""

from __future__ import annotations

import functools
from pathlib import Path

import httpx

from platforms.base import ReplyPublisher
from platforms.mastodon.api import MastodonApi
from platforms.mastodon.outbound import MastodonReplyPublisher
from services.notifier.config import NotifierSettings
from services.notifier.handlers import acknowledge_report
from services.notifier.repository import ReplyRepository
from shared.events.routed import ReportRouted
from shared.kafka.producer import EventProducer
from shared.kafka.runner import Subscription
from shared.service import ServiceParts
from shared.storage import create_engine, session_maker

MIGRATIONS = Path(__file__).parent / "migrations"


async def bootstrap(settings: NotifierSettings) -> ServiceParts:
    engine = create_engine(settings.resolved_database_url())
    http = httpx.AsyncClient(timeout=httpx.Timeout(10.0))
    publishers: dict[str, ReplyPublisher] = {}
    if settings.mastodon_base_url:
        publishers["mastodon"] = MastodonReplyPublisher(
            {
                account: MastodonApi(http, settings.mastodon_base_url, token.get_secret_value())
                for account, token in settings.mastodon_accounts.items()
            }
        )
    handler = functools.partial(
        acknowledge_report,
        publishers=publishers,
        repository=ReplyRepository(session_maker(engine)),
    )
    return ServiceParts(
        name="notifier",
        settings=settings,
        engine=engine,
        migrations_dir=MIGRATIONS,
        producer=EventProducer(settings.kafka_bootstrap_servers, client_id="heard-notifier"),
        subscriptions=[Subscription(ReportRouted, handler)],
        on_shutdown=[http.aclose],
    )
