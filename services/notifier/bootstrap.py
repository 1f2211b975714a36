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
from services.notifier.calendars import body_calendars
from services.notifier.config import NotifierSettings
from services.notifier.context import NotifierContext
from services.notifier.handlers import acknowledge_report, note_delivery, relay_update
from services.notifier.repository import NotifierRepository
from services.notifier.timers import run_timers
from services.notifier.wording import Wording
from shared.events.delivered import ReportDelivered
from shared.events.routed import ReportRouted
from shared.events.updated import ReportUpdated
from shared.kafka.producer import EventProducer
from shared.kafka.runner import Subscription
from shared.service import ServiceParts
from shared.storage import create_engine, session_maker
from triage.directory import Directory

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
    producer = EventProducer(settings.kafka_bootstrap_servers, client_id="heard-notifier")
    directory = Directory.load(settings.directory)
    ctx = NotifierContext(
        repository=NotifierRepository(session_maker(engine)),
        publishers=reply_publishers(settings, http),
        # Validated at start-up: a broken template file stops the service with the reason.
        wording=Wording.load(settings.templates_dir),
        publish=producer.publish,
        status_base_url=settings.status_base_url,
        default_deadlines=settings.deadlines,
        body_deadlines=settings.body_deadlines,
        clock=settings.clock(),
        body_names={body.id: body.name for body in directory.bodies.values()},
        calendars=body_calendars(directory),
    )
    return ServiceParts(
        name="notifier",
        settings=settings,
        engine=engine,
        migrations_dir=MIGRATIONS,
        producer=producer,
        subscriptions=[
            Subscription(ReportRouted, functools.partial(acknowledge_report, ctx=ctx)),
            Subscription(ReportUpdated, functools.partial(relay_update, ctx=ctx)),
            Subscription(ReportDelivered, functools.partial(note_delivery, ctx=ctx)),
        ],
        background=[functools.partial(run_timers, ctx=ctx)],
        on_shutdown=[http.aclose],
        state={"ctx": ctx},
    )
