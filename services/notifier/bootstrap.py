"""Composition root for the notifier: one reply adapter per configured platform."""

from __future__ import annotations

import functools
from pathlib import Path

import httpx

from platforms.base import ReplyPublisher
from platforms.bluesky.build import bluesky_publisher
from platforms.facebook.api import GraphApi
from platforms.facebook.outbound import FacebookReplyPublisher
from platforms.mastodon.build import mastodon_publisher
from platforms.x.wiring import x_reply_publisher
from services.notifier.config import NotifierSettings
from services.notifier.handlers import acknowledge_report
from services.notifier.repository import ReplyRepository
from shared.events.routed import ReportRouted
from shared.kafka.producer import EventProducer
from shared.kafka.runner import Subscription
from shared.service import ServiceParts
from shared.storage import create_engine, session_maker

MIGRATIONS = Path(__file__).parent / "migrations"


def reply_publishers(
    settings: NotifierSettings, http: httpx.AsyncClient
) -> dict[str, ReplyPublisher]:
    """Platform name -> its ReplyPublisher, for each platform configured."""
    publishers: dict[str, ReplyPublisher] = {}
    if settings.mastodon:
        publishers["mastodon"] = mastodon_publisher(settings.mastodon, http)
    if settings.x:
        publishers["x"] = x_reply_publisher(settings.x, http)
    if settings.facebook:
        graph = GraphApi.from_settings(http, settings.facebook)
        publishers["facebook"] = FacebookReplyPublisher(graph, settings.facebook)
    if settings.bluesky:
        publishers["bluesky"] = bluesky_publisher(settings.bluesky, http)
    return publishers


async def bootstrap(settings: NotifierSettings) -> ServiceParts:
    engine = create_engine(settings.resolved_database_url())
    http = httpx.AsyncClient(timeout=httpx.Timeout(10.0))
    handler = functools.partial(
        acknowledge_report,
        publishers=reply_publishers(settings, http),
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
