"""Ingest settings: which platform accounts to listen to, and how often to poll."""

from __future__ import annotations

from functools import lru_cache

from pydantic import Field, SecretStr

from shared.settings import ServiceSettings


class IngestSettings(ServiceSettings):
    service_name: str = "ingest"
    http_port: int = 8001
    mastodon_base_url: str | None = Field(
        default=None, examples=["https://mastodon.social"], description="Instance to poll."
    )
    mastodon_accounts: dict[str, SecretStr] = Field(
        default_factory=dict,
        description='Official account -> access token, as JSON: {"MonmouthshireCC": "..."}.',
    )
    poll_interval_s: float = 1.0


@lru_cache
def get_settings() -> IngestSettings:
    return IngestSettings()
