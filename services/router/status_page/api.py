"""GET /r/{reference}: the citizen's status page as HTML, and the same facts as JSON."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import APIRouter, Header, Query
from fastapi.responses import HTMLResponse, JSONResponse, Response

from services.router.status_page.model import PublicTimeline
from services.router.status_page.render import render_not_found, render_status_page

Lookup = Callable[[str], Awaitable[PublicTimeline | None]]

# HRD-XXXX-XXXX in Crockford base32 (no I, L, O or U), as services.router.reference makes them.
_REFERENCE = re.compile(r"HRD-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}")

# A status page changes as the department acts, and it is nobody else's business: never cache.
_HEADERS = {
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Robots-Tag": "noindex, nofollow",
}


def is_reference(value: str) -> bool:
    """Whether a string is a well-formed citizen reference (upper case)."""
    return _REFERENCE.fullmatch(value) is not None


def _language(lang: str | None, accept_language: str | None) -> str:
    """?lang= wins; otherwise a browser set to Welsh first gets Welsh."""
    if lang:
        return "cy" if lang.lower().startswith("cy") else "en"
    first = (accept_language or "").split(",")[0].strip().lower()
    return "cy" if first.startswith("cy") else "en"


def create_status_router(lookup: Lookup) -> APIRouter:
    """The status page routes, reading each report through `lookup` (None for unknown)."""
    router = APIRouter(tags=["status page"])

    async def find(reference: str) -> PublicTimeline | None:
        # References are read aloud and typed on phones: accept lower case, ask in upper.
        wanted = reference.upper()
        return await lookup(wanted) if is_reference(wanted) else None

    # Declared first: "{reference}" alone would also match "HRD-….json".
    @router.get("/r/{reference}.json", response_model=PublicTimeline, summary="Report status")
    async def status_json(reference: str) -> Response:
        timeline = await find(reference)
        if timeline is None:
            return JSONResponse({"detail": "no such report"}, status_code=404, headers=_HEADERS)
        return Response(timeline.model_dump_json(), media_type="application/json", headers=_HEADERS)

    @router.get("/r/{reference}", response_class=HTMLResponse, summary="Report status page")
    async def status_page(
        reference: str,
        lang: Annotated[str | None, Query(max_length=8)] = None,
        accept_language: Annotated[str | None, Header()] = None,
    ) -> HTMLResponse:
        language = _language(lang, accept_language)
        timeline = await find(reference)
        if timeline is None:
            page = render_not_found(reference, language=language)
            return HTMLResponse(page, status_code=404, headers=_HEADERS)
        return HTMLResponse(render_status_page(timeline, language=language), headers=_HEADERS)

    return router
