"""Composition root for the router."""

from __future__ import annotations

import functools
from pathlib import Path

import httpx

from services.router.assignments import AssignmentRepository
from services.router.config import RouterSettings
from services.router.context import RouterContext
from services.router.deliveries import DeliveryRepository
from services.router.handlers import record_escalation, route_report
from services.router.repository import RoutingRepository
from services.router.worker import run_deliveries
from shared.events.classified import ReportClassified
from shared.events.escalated import ReportEscalated
from shared.kafka.producer import EventProducer
from shared.kafka.runner import Subscription
from shared.service import ServiceParts
from shared.storage import create_engine, session_maker
from triage.directory import Directory
from triage.engine import Triage

MIGRATIONS = Path(__file__).parent / "migrations"


def router_context(settings: RouterSettings, sessions, publish) -> RouterContext:  # type: ignore[no-untyped-def]
    # Loaded and validated at start-up: a bad directory stops the service with the reason.
    return RouterContext(
        triage=Triage(Directory.load(settings.directory)),
        routings=RoutingRepository(sessions),
        assignments=AssignmentRepository(sessions),
        deliveries=DeliveryRepository(sessions),
        publish=publish,
        departments=settings.departments,
        api_base_url=settings.public_base_url,
        status_base_url=settings.public_base_url,
        clock=settings.clock(),
    )


async def bootstrap(settings: RouterSettings) -> ServiceParts:
    engine = create_engine(settings.resolved_database_url())
    producer = EventProducer(settings.kafka_bootstrap_servers, client_id="heard-router")
    ctx = router_context(settings, session_maker(engine), producer.publish)
    http = httpx.AsyncClient(timeout=httpx.Timeout(10.0))
    return ServiceParts(
        name="router",
        settings=settings,
        engine=engine,
        migrations_dir=MIGRATIONS,
        producer=producer,
        subscriptions=[
            Subscription(ReportClassified, functools.partial(route_report, ctx=ctx)),
            Subscription(ReportEscalated, functools.partial(record_escalation, ctx=ctx)),
        ],
        background=[functools.partial(run_deliveries, ctx=ctx, http=http)],
        on_shutdown=[http.aclose],
        state={"ctx": ctx},
    )
