"""Notifier settings: reply credentials per platform account."""

from __future__ import annotations

from functools import lru_cache

from pydantic import Field, SecretStr

from shared.settings import ServiceSettings


class NotifierSettings(ServiceSettings):
    service_name: str = "notifier"
    http_port: int = 8004
    mastodon_base_url: str | None = None
    mastodon_accounts: dict[str, SecretStr] = Field(
        default_factory=dict,
        description='Official account -> access token, as JSON: {"MonmouthshireCC": "..."}.',
    )


@lru_cache
def get_settings() -> NotifierSettings:
    return NotifierSettings()
