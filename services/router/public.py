"""The citizen's view of a report: built only from public facts, never from private ones."""

from __future__ import annotations

from services.router.context import RouterContext
from services.router.status_page.model import PublicTimeline, Status, TimelineEntry


async def public_timeline(ctx: RouterContext, reference: str) -> PublicTimeline | None:
    """The status page's content for a reference, or None if there is no such report."""
    routing = await ctx.routings.get_by_reference(reference.upper())
    if routing is None:
        return None
    entries = await ctx.assignments.timeline(routing.report_id)
    kinds = {e.kind for e in entries}
    c = routing.classification
    return PublicTimeline(
        reference=routing.reference,
        category=c.category or "general_enquiry",
        urgency=c.urgency,
        area=c.area,
        place=c.location.place if c.location else None,
        bodies=[b.name for b in routing.bodies],
        status=_status(kinds, resolved_all=_all_resolved(routing, entries)),
        entries=[TimelineEntry(at=e.at, kind=e.kind, text=e.text) for e in entries],  # type: ignore[arg-type]
    )


def _all_resolved(routing, entries) -> bool:  # type: ignore[no-untyped-def]
    resolved = {e.body_id for e in entries if e.kind == "resolved"}
    return bool(routing.bodies) and all(b.id in resolved for b in routing.bodies)


def _status(kinds: set[str], *, resolved_all: bool) -> Status:
    if resolved_all:
        return "resolved"
    steps: tuple[tuple[str, Status], ...] = (
        ("update", "in progress"),
        ("acknowledged", "acknowledged"),
        ("handed_back", "handed back"),
        ("delivered", "delivered"),
        ("routed", "routed"),
    )
    for kind, status in steps:
        if kind in kinds:
            return status
    return "received"
