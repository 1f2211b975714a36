"""Notifier settings: reply credentials per platform account, wording, deadlines."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from pydantic import Field

from platforms.settings import PlatformServiceSettings
from services.notifier.deadlines import DeadlinePolicy


class NotifierSettings(PlatformServiceSettings):
    service_name: str = "notifier"
    http_port: int = 8004
    status_base_url: str = Field(
        default="http://127.0.0.1:8003", description="Where citizens' tracking links point."
    )
    templates_dir: Path | None = Field(
        default=None, description="An operator's own reply templates, overriding key by key."
    )
    directory: Path | None = Field(default=None, description="Directory (for body names).")
    deadlines: DeadlinePolicy = Field(default_factory=DeadlinePolicy)
    body_deadlines: dict[str, DeadlinePolicy] = Field(
        default_factory=dict, description="Per-body deadline overrides (HEARD_BODY_DEADLINES)."
    )


@lru_cache
def get_settings() -> NotifierSettings:
    return NotifierSettings(_secrets_dir=os.environ.get("HEARD_SECRETS_DIR"))  # type: ignore[call-arg]
