"""Classifier settings."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field

from shared.settings import ServiceSettings


class ClassifierSettings(ServiceSettings):
    service_name: str = "classifier"
    http_port: int = 8002
    directory: Path | None = Field(
        default=None, description="Folder of an operator's own directory (default: the sample)."
    )


@lru_cache
def get_settings() -> ClassifierSettings:
    return ClassifierSettings()
