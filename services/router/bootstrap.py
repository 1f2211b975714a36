"""Composition root for the router."""

from __future__ import annotations

import functools
from pathlib import Path

from services.router.config import RouterSettings
from services.router.handlers import route_report
from services.router.repository import RoutingRepository
from shared.events.classified import ReportClassified
from shared.kafka.producer import EventProducer
from shared.kafka.runner import Subscription
from shared.service import ServiceParts
from shared.storage import create_engine, session_maker
from triage.directory import Directory
from triage.engine import Triage

MIGRATIONS = Path(__file__).parent / "migrations"


async def bootstrap(settings: RouterSettings) -> ServiceParts:
    engine = create_engine(settings.resolved_database_url())
    repository = RoutingRepository(session_maker(engine))
    triage = Triage(Directory.load(settings.directory))
    handler = functools.partial(route_report, router=triage, repository=repository)
    return ServiceParts(
        name="router",
        settings=settings,
        engine=engine,
        migrations_dir=MIGRATIONS,
        producer=EventProducer(settings.kafka_bootstrap_servers, client_id="heard-router"),
        subscriptions=[Subscription(ReportClassified, handler)],
    )
