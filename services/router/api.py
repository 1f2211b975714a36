"""Router's HTTP face: health and readiness."""

from __future__ import annotations

from fastapi import FastAPI

from services.router.bootstrap import bootstrap
from services.router.config import RouterSettings
from shared.service import create_service_app


def create_app(settings: RouterSettings) -> FastAPI:
    return create_service_app(
        title="Heard router", settings=settings, bootstrap=lambda: bootstrap(settings)
    )
