"""Ingest's HTTP face: platform webhooks (signature-checked), health and readiness."""

from __future__ import annotations

import httpx
from fastapi import APIRouter, FastAPI

from platforms.facebook.api import GraphApi
from platforms.facebook.webhooks import create_facebook_webhook_router
from platforms.x.webhooks import create_x_webhook_router
from services.ingest.bootstrap import bootstrap
from services.ingest.config import IngestSettings
from services.ingest.open311 import create_open311_router
from services.ingest.open311_status import Open311StatusRepository
from services.ingest.sink import IngestSink
from shared.service import create_service_app
from shared.storage import create_engine, session_maker


def _webhook_routers(
    settings: IngestSettings, sink: IngestSink, http: httpx.AsyncClient
) -> list[APIRouter]:
    routers = []
    if settings.x and settings.x.consumer_secret.get_secret_value():
        routers.append(create_x_webhook_router(settings.x, sink))
    if settings.facebook:
        graph = GraphApi.from_settings(http, settings.facebook)
        routers.append(create_facebook_webhook_router(settings.facebook, sink, graph))
    return routers


def create_app(settings: IngestSettings) -> FastAPI:
    sink = IngestSink()
    http = httpx.AsyncClient(timeout=httpx.Timeout(10.0))
    # Made here, not in the lifespan, because the Open311 routes need the status lookup now;
    # an engine opens no connection until it is used.
    engine = create_engine(settings.resolved_database_url())
    statuses = Open311StatusRepository(session_maker(engine))
    # Citizens without social media: Open311 GeoReport v2 and a plain web form.
    open311 = create_open311_router(
        sink=sink,
        media_dir=settings.media_dir or settings.data_dir / "open311",
        public_base_url=settings.public_base_url,
        status_lookup=statuses.lookup,
    )
    return create_service_app(
        title="Heard ingest",
        settings=settings,
        bootstrap=lambda: bootstrap(
            settings, sink=sink, http=http, statuses=statuses, engine=engine
        ),
        routers=[*_webhook_routers(settings, sink, http), open311],
    )
