"""Classifier's HTTP face: health and readiness."""

from __future__ import annotations

from fastapi import FastAPI

from services.classifier.bootstrap import bootstrap
from services.classifier.config import ClassifierSettings
from shared.service import create_service_app


def create_app(settings: ClassifierSettings) -> FastAPI:
    return create_service_app(
        title="Heard classifier", settings=settings, bootstrap=lambda: bootstrap(settings)
    )
