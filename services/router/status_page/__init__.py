"""The citizen's status page at /r/{reference}: public words only, readable on a phone."""

from services.router.status_page.api import create_status_router, is_reference
from services.router.status_page.model import PublicTimeline, TimelineEntry
from services.router.status_page.render import render_not_found, render_status_page

__all__ = [
    "PublicTimeline",
    "TimelineEntry",
    "create_status_router",
    "is_reference",
    "render_not_found",
    "render_status_page",
]
