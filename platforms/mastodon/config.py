"""Mastodon settings: the instance and the official accounts' access tokens."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, SecretStr


class MastodonSettings(BaseModel):
    base_url: str = Field(examples=["https://mastodon.social"])
    accounts: dict[str, SecretStr] = Field(
        default_factory=dict,
        description='Official account -> access token: {"MonmouthshireCC": "..."}.',
    )
    page_size: int = Field(default=40, ge=1, le=80)
    mode: Literal["poll", "stream"] = Field(
        default="poll", description="Poll notifications, or follow the user stream (SSE)."
    )
