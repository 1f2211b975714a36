"""Which platforms a service talks to, and with which credentials (HEARD_<PLATFORM>__* or JSON)."""

from __future__ import annotations

from pydantic import Field

from platforms.bluesky.config import BlueskySettings
from platforms.facebook.config import FacebookSettings
from platforms.mastodon.config import MastodonSettings
from platforms.x.config import XSettings
from shared.settings import ServiceSettings


class PlatformServiceSettings(ServiceSettings):
    """A platform left unset is simply not used: a body can be on some platforms and not others."""

    mastodon: MastodonSettings | None = Field(default=None, description="HEARD_MASTODON (JSON)")
    x: XSettings | None = Field(default=None, description="HEARD_X (JSON)")
    facebook: FacebookSettings | None = Field(default=None, description="HEARD_FACEBOOK (JSON)")
    bluesky: BlueskySettings | None = Field(default=None, description="HEARD_BLUESKY (JSON)")
