"""Ingest settings: which platforms and accounts to listen to, and how often to poll."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from pydantic import Field

from platforms.settings import PlatformServiceSettings


class IngestSettings(PlatformServiceSettings):
    service_name: str = "ingest"
    http_port: int = 8001
    poll_interval_s: float = Field(default=1.0, description="Mastodon notification polling.")
    public_base_url: str = Field(
        default="http://127.0.0.1:8001", description="How citizens' browsers reach ingest."
    )
    media_dir: Path | None = Field(default=None, description="Uploaded photos (default data_dir).")


@lru_cache
def get_settings() -> IngestSettings:
    # Secrets may also come from files (Kubernetes secret volumes), one per setting name.
    return IngestSettings(_secrets_dir=os.environ.get("HEARD_SECRETS_DIR"))  # type: ignore[call-arg]
