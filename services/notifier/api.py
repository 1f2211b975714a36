"""Notifier's HTTP face: health and readiness."""

from __future__ import annotations

from fastapi import FastAPI

from services.notifier.bootstrap import bootstrap
from services.notifier.config import NotifierSettings
from shared.service import create_service_app


def create_app(settings: NotifierSettings) -> FastAPI:
    return create_service_app(
        title="Heard notifier", settings=settings, bootstrap=lambda: bootstrap(settings)
    )
