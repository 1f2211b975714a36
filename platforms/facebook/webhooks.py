"""The Facebook webhook receiver: Meta's verification handshake and signed `page` deliveries.

Mount the router in ingest's app. A delivery is answered 200 only after every mention in it
has gone through the sink (published), so a crash or a transient Graph error (answered 503)
makes Meta deliver it again; ingest deduplicates by post/comment id.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse, PlainTextResponse

from platforms.base import MentionSink, TransientPlatformError
from platforms.facebook.api import GraphApi
from platforms.facebook.config import FacebookSettings
from platforms.facebook.inbound import mentions_from_entry

log = logging.getLogger(__name__)
SIGNATURE_HEADER = "X-Hub-Signature-256"


def signature_problem(app_secret: bytes, body: bytes, header: str | None) -> str | None:
    """Why X-Hub-Signature-256 does not vouch for these exact bytes, or None if it does."""
    if not header:
        return f"missing {SIGNATURE_HEADER}"
    scheme, _, digest = header.partition("=")
    if scheme != "sha256" or not digest:
        return f"malformed {SIGNATURE_HEADER}"
    expected = hmac.new(app_secret, body, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(digest.strip().lower(), expected):
        return f"{SIGNATURE_HEADER} does not match the body"
    return None


def _hub(request: Request, name: str) -> str | None:
    # PHP-style proxies turn "hub.mode" into "hub_mode": accept both spellings.
    return request.query_params.get(f"hub.{name}") or request.query_params.get(f"hub_{name}")


def create_facebook_webhook_router(
    settings: FacebookSettings,
    sink: MentionSink,
    graph: GraphApi,
    *,
    path: str = "/webhooks/facebook",
) -> APIRouter:
    """GET `path` answers Meta's handshake; POST `path` takes signed deliveries to the sink."""
    router = APIRouter()
    secret = settings.app_secret.get_secret_value().encode()
    verify_token = settings.verify_token.get_secret_value().encode()
    own_pages = settings.own_page_ids()

    @router.get(path, response_class=PlainTextResponse)
    async def verify(request: Request) -> Response:
        token = (_hub(request, "verify_token") or "").encode()
        challenge = _hub(request, "challenge")
        if (
            _hub(request, "mode") == "subscribe"
            and challenge is not None
            and hmac.compare_digest(token, verify_token)
        ):
            return PlainTextResponse(challenge)
        return PlainTextResponse("verification failed", status_code=403)

    @router.post(path)
    async def deliver(request: Request) -> Response:
        body = await request.body()
        problem = signature_problem(secret, body, request.headers.get(SIGNATURE_HEADER))
        if problem is not None:
            status = 401 if problem.startswith("missing") else 403
            log.warning("facebook delivery refused: %s", problem)
            return JSONResponse({"error": problem}, status_code=status)
        try:
            payload: Any = json.loads(body)
            entries = payload.get("entry") or []
            if not isinstance(entries, list):
                raise ValueError("entry is not a list")
        except (ValueError, AttributeError) as error:
            return JSONResponse({"error": f"not a webhook payload: {error}"}, status_code=400)
        if payload.get("object") != "page":
            return JSONResponse({"ignored": payload.get("object")})
        heard = new = 0
        for entry in entries:
            page = settings.page_by_id(str(entry.get("id")))
            if page is None:
                log.warning("facebook delivery for unknown page %s ignored", entry.get("id"))
                continue
            handle, config = page
            try:
                mentions = await mentions_from_entry(
                    entry,
                    handle=handle,
                    token=config.page_token.get_secret_value(),
                    own_page_ids=own_pages,
                    graph=graph,
                )
            except TransientPlatformError as error:
                # Not 200: Meta delivers again later; what was already published is deduplicated.
                log.warning("facebook delivery for %s deferred: %s", handle, error)
                return JSONResponse({"error": f"try again: {error}"}, status_code=503)
            if mentions:
                heard += len(mentions)
                new += await sink(mentions, f"facebook:{handle}")
        return JSONResponse({"mentions": heard, "new": new})

    return router
