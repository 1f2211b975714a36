"""Notifier settings: reply credentials per platform account."""

from __future__ import annotations

import os
from functools import lru_cache

from platforms.settings import PlatformServiceSettings


class NotifierSettings(PlatformServiceSettings):
    service_name: str = "notifier"
    http_port: int = 8004


@lru_cache
def get_settings() -> NotifierSettings:
    return NotifierSettings(_secrets_dir=os.environ.get("HEARD_SECRETS_DIR"))  # type: ignore[call-arg]
