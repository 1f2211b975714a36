"""Router settings."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field

from shared.settings import ServiceSettings


class RouterSettings(ServiceSettings):
    service_name: str = "router"
    http_port: int = 8003
    directory: Path | None = Field(
        default=None, description="Folder of an operator's own directory (default: the sample)."
    )


@lru_cache
def get_settings() -> RouterSettings:
    return RouterSettings()
