"""Settings of the Bluesky adapters: the PDS, the Jetstream host and the official accounts."""

from __future__ import annotations

from pydantic import BaseModel, Field, SecretStr


class BlueskyAccount(BaseModel):
    """One official account: its DID, its Bluesky handle and an app password."""

    did: str = Field(examples=["did:plc:abcdefghijklmnopqrstuvwx"])
    handle: str = Field(examples=["monmouthshirecc.bsky.social"])
    app_password: SecretStr


class BlueskySettings(BaseModel):
    """Where to read and write; `accounts` is keyed by the official handle ("MonmouthshireCC")."""

    pds_url: str = "https://bsky.social"
    jetstream_url: str = "wss://jetstream2.us-east.bsky.network/subscribe"
    cdn_url: str = "https://cdn.bsky.app"
    accounts: dict[str, BlueskyAccount] = Field(default_factory=dict)
    rewind_s: float = Field(
        default=5.0, ge=0, description="Seconds to rewind the time_us cursor when reconnecting."
    )
