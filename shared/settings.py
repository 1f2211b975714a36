"""Settings every service shares: broker, database, telemetry. Read from HEARD_* variables."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from pydantic import BaseModel, Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from shared.clock import Clock, clock_for


class ServiceSettings(BaseSettings):
    """Base for each service's settings class; never built at import time."""

    # Nested settings take HEARD_X__CONSUMER_SECRET as well as HEARD_X='{"consumer_secret":..}'.
    model_config = SettingsConfigDict(
        env_prefix="HEARD_", env_file=".env", extra="ignore", env_nested_delimiter="__"
    )

    service_name: str = "heard"
    environment: str = Field(default="development", description="development | test | production")
    kafka_bootstrap_servers: str = "127.0.0.1:9092"
    kafka_fetch_max_wait_ms: int = Field(
        default=20, description="Long-poll wait; aiokafka's 500 ms default adds latency per hop."
    )
    kafka_session_timeout_ms: int = Field(
        default=10000,
        description="Group session timeout; a crashed member's partitions wait this long.",
    )
    kafka_max_attempts: int = Field(default=4, description="Handler tries before dead-lettering.")
    kafka_retry_initial_s: float = 0.2
    kafka_retry_max_s: float = 5.0
    database_url: str | None = Field(
        default=None,
        description="SQLAlchemy URL. Default: a SQLite file per service under data_dir.",
    )
    data_dir: Path = Path("var")
    http_host: str = "127.0.0.1"
    http_port: int = 8000
    otlp_endpoint: str | None = Field(
        default=None, description="OTLP/HTTP collector base URL, e.g. http://127.0.0.1:4318."
    )
    clock_speed: float = Field(
        default=1.0, gt=0, description="Test only: run deadlines this many times faster."
    )
    clock_origin: datetime | None = Field(
        default=None, description="Test only: when the fast clock started (shared by services)."
    )
    log_level: str = "INFO"
    log_json: bool = False

    def clock(self) -> Clock:
        """The service's clock: real, or fast from a shared origin in tests and the demo."""
        return clock_for(self.clock_speed, self.clock_origin)

    def resolved_database_url(self) -> str:
        """The async SQLAlchemy URL this service uses."""
        if self.database_url:
            url = self.database_url
            for sync, async_ in (
                ("postgresql://", "postgresql+psycopg://"),
                ("postgres://", "postgresql+psycopg://"),
                ("sqlite:///", "sqlite+aiosqlite:///"),
            ):
                if url.startswith(sync):
                    return async_ + url[len(sync) :]
            return url
        self.data_dir.mkdir(parents=True, exist_ok=True)
        return f"sqlite+aiosqlite:///{self.data_dir / (self.service_name + '.db')}"

    @model_validator(mode="after")
    def _refuse_placeholder_secrets_in_production(self) -> ServiceSettings:
        if self.environment != "production":
            return self
        for path, secret in _secrets(self, "HEARD"):
            if secret.get_secret_value() in ("", "changeme"):
                raise ValueError(f"{path} must be set to a real secret in production")
        return self


def _secrets(value: object, path: str) -> Iterator[tuple[str, SecretStr]]:
    """Every SecretStr inside settings, nested models and dicts included, with its path."""
    if isinstance(value, SecretStr):
        yield path, value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _secrets(getattr(value, name), f"{path}_{name.upper()}")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _secrets(item, f"{path}[{key}]")
