"""Facebook settings: the Graph API host and version, the app's secrets, the Pages Heard runs."""

from __future__ import annotations

from pydantic import BaseModel, Field, SecretStr


class FacebookPage(BaseModel):
    """One official Page: its id and a Page access token (pages_manage_engagement et al.)."""

    page_id: str = Field(examples=["100000000000001"])
    page_token: SecretStr


class FacebookSettings(BaseModel):
    """Everything the Facebook adapters need; handles are the official accounts' names."""

    graph_url: str = "https://graph.facebook.com"
    api_version: str = "v25.0"
    app_secret: SecretStr = Field(description="Signs webhook deliveries; appsecret_proof key.")
    verify_token: SecretStr = Field(description="Echoed by Meta in the subscription handshake.")
    pages: dict[str, FacebookPage] = Field(
        default_factory=dict,
        description='Handle -> Page, as JSON: {"MonmouthshireCC": {"page_id": "...", '
        '"page_token": "..."}}.',
    )

    def page_by_id(self, page_id: str) -> tuple[str, FacebookPage] | None:
        """The handle and Page with this id, if Heard runs it."""
        return next(((h, p) for h, p in self.pages.items() if p.page_id == page_id), None)

    def page_by_handle(self, handle: str) -> tuple[str, FacebookPage] | None:
        """The Page for a handle, case-insensitively, with or without a leading @."""
        wanted = handle.lstrip("@").lower()
        return next(((h, p) for h, p in self.pages.items() if h.lower() == wanted), None)

    def own_page_ids(self) -> frozenset[str]:
        """Ids of every Page Heard runs: what they post is never a citizen's report."""
        return frozenset(p.page_id for p in self.pages.values())
