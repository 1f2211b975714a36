"""Settings of the X adapter: API host, app credentials, the official accounts, inbound mode."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, SecretStr


class XAccount(BaseModel):
    """An official account Heard listens and answers for."""

    user_id: str = Field(description="The account's numeric X user id.", examples=["2244994945"])
    user_token: SecretStr = Field(
        description="OAuth 2.0 user-context token (tweet.read tweet.write users.read)."
    )


class XSettings(BaseModel):
    """How Heard talks to X. Tokens and the consumer secret are SecretStr: never logged."""

    base_url: str = "https://api.x.com"
    app_bearer_token: SecretStr = Field(
        default=SecretStr(""), description="App-only bearer: filtered stream, rules, webhooks."
    )
    consumer_secret: SecretStr = Field(
        default=SecretStr(""),
        description="The app's consumer (API key) secret: the key of webhook CRC answers and "
        "signatures. Without it every webhook delivery is refused.",
    )
    accounts: dict[str, XAccount] = Field(
        default_factory=dict, description="Official handle (without @) -> its id and token."
    )
    mode: Literal["poll", "stream", "webhook"] = "poll"
    page_size: int = Field(default=100, ge=5, le=100, description="max_results per page.")
    poll_interval_s: float = Field(
        default=3.0,
        description="The mentions timeline allows 300 requests per user per 15 minutes: "
        "one every 3 s per account.",
    )
    stream_keepalive_timeout_s: float = Field(
        default=20.0, description="Reconnect when the stream is silent this long (X: 20 s)."
    )
    stream_backoff_initial_s: float = 1.0
    stream_backoff_max_s: float = 320.0
    webhook_path: str = "/webhooks/x"
    public_webhook_url: str | None = Field(
        default=None, description="Where X reaches webhook_path (HTTPS, no port) to register."
    )
