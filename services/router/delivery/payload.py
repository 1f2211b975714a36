"""What a department receives: the report, its evidence, the citizen's words, links back."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from shared.events.routed import ResponsibleBody, Routing
from shared.logging import redact


def links(reference: str, *, api_base_url: str, status_base_url: str) -> dict[str, str]:
    """Where the department answers (Department API) and what the citizen sees."""
    base = f"{api_base_url.rstrip('/')}/api/v1/reports/{reference}"
    return {
        "self": base,
        "acknowledge": f"{base}/acknowledge",
        "updates": f"{base}/updates",
        "resolve": f"{base}/resolve",
        "hand_back": f"{base}/hand-back",
        "status_page": f"{status_base_url.rstrip('/')}/r/{reference}",
    }


def report_payload(
    routing: Routing, body_id: str, *, api_base_url: str, status_base_url: str
) -> dict[str, Any]:
    """The body of report.routed: no platform ids, handles, e-mail addresses or phone numbers."""
    c = routing.classification
    mention = c.mention
    body = _body(routing, body_id)
    return {
        "type": "report.routed",
        "reference": routing.reference,
        "report_id": routing.report_id,
        "revision": routing.revision,
        "body": {"id": body.id, "name": body.name},
        "rule": body.rule,
        "category": c.category,
        "secondary_categories": list(c.secondary_categories),
        "urgency": c.urgency,
        "area": c.area,
        "location": c.location.model_dump(mode="json") if c.location else None,
        "road": c.road,
        # The citizen's words, less any contact details they typed: the department answers
        # through Heard, in the thread, so it never needs them.
        "text": redact(mention.text),
        "platform": mention.platform,
        "posted_at": mention.created_at.isoformat(),
        "media": [{"url": m.url, "content_type": m.content_type} for m in mention.media],
        "evidence": [
            {
                "kind": e.kind,
                "value": redact(e.value),
                "detail": redact(e.detail) if e.detail else None,
            }
            for e in c.evidence
        ],
        "links": links(
            routing.reference, api_base_url=api_base_url, status_base_url=status_base_url
        ),
    }


def reminder_payload(
    routing: Routing,
    body_id: str,
    *,
    deadline: datetime,
    api_base_url: str,
    status_base_url: str,
) -> dict[str, Any]:
    """report.reminder, to the department: the deadline passed with no answer."""
    report = report_payload(
        routing, body_id, api_base_url=api_base_url, status_base_url=status_base_url
    )
    return _chase(
        report,
        "report.reminder",
        deadline,
        f"Reminder: report {routing.reference} has had no answer and was due by "
        f"{_when(deadline)}. Please acknowledge it, or hand it back if it is not yours.",
    )


def escalation_payload(
    routing: Routing,
    body_id: str,
    *,
    deadline: datetime,
    api_base_url: str,
    status_base_url: str,
) -> dict[str, Any]:
    """report.escalated, to the body's duty contact: still no answer after the reminder."""
    report = report_payload(
        routing, body_id, api_base_url=api_base_url, status_base_url=status_base_url
    )
    return _chase(
        report,
        "report.escalated",
        deadline,
        f"Escalation: report {routing.reference} ({report['urgency']}) was due by "
        f"{_when(deadline)} and the department has not answered a reminder. "
        "Please make sure someone picks it up.",
    )


def _chase(report: dict[str, Any], kind: str, deadline: datetime, message: str) -> dict[str, Any]:
    """The report as delivered, as a chase of the given kind for a missed deadline."""
    return {**report, "type": kind, "deadline_missed": deadline.isoformat(), "message": message}


def _body(routing: Routing, body_id: str) -> ResponsibleBody:
    for body in routing.bodies:
        if body.id == body_id:
            return body
    # A chase for a body a later revision dropped must still go out, so do not refuse it.
    return ResponsibleBody(id=body_id, name=body_id, rule="no longer in the routing")


def _when(deadline: datetime) -> str:
    return deadline.strftime("%H:%M on %d %B %Y (%Z)").replace(" ()", "")
