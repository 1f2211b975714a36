"""Ingest's HTTP face: health and readiness now; webhooks and Open311 join it later."""

from __future__ import annotations

from fastapi import FastAPI

from services.ingest.bootstrap import bootstrap
from services.ingest.config import IngestSettings
from shared.service import create_service_app


def create_app(settings: IngestSettings) -> FastAPI:
    return create_service_app(
        title="Heard ingest", settings=settings, bootstrap=lambda: bootstrap(settings)
    )
