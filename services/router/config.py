"""Router settings: the directory, each body's departmental system, public links."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from pydantic import Field

from services.router.delivery.config import DepartmentEndpoint
from shared.settings import ServiceSettings


class RouterSettings(ServiceSettings):
    service_name: str = "router"
    http_port: int = 8003
    directory: Path | None = Field(
        default=None, description="Folder of an operator's own directory (default: the sample)."
    )
    departments: dict[str, DepartmentEndpoint] = Field(
        default_factory=dict,
        description="Body id -> its departmental system (HEARD_DEPARTMENTS, JSON).",
    )
    public_base_url: str = Field(
        default="http://127.0.0.1:8003",
        description="How departments and citizens reach the router (API links, status pages).",
    )


@lru_cache
def get_settings() -> RouterSettings:
    return RouterSettings(_secrets_dir=os.environ.get("HEARD_SECRETS_DIR"))  # type: ignore[call-arg]
