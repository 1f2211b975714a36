"""Event models, one module per topic; ALL_EVENTS is the registry used for topics and schemas."""

from shared.events.classified import ReportClassified
from shared.events.delivered import ReportDelivered
from shared.events.envelope import Event
from shared.events.escalated import ReportEscalated
from shared.events.mention import MentionReceived
from shared.events.reply import ReplySent
from shared.events.routed import ReportRouted
from shared.events.updated import ReportUpdated

ALL_EVENTS: tuple[type[Event], ...] = (
    MentionReceived,
    ReportClassified,
    ReportRouted,
    ReplySent,
    ReportDelivered,
    ReportUpdated,
    ReportEscalated,
)
TOPICS: tuple[str, ...] = tuple(e.topic for e in ALL_EVENTS)


def dlq_topic(topic: str) -> str:
    """Dead-letter topic of an input topic."""
    return f"{topic}.dlq"


__all__ = [
    "ALL_EVENTS",
    "TOPICS",
    "Event",
    "MentionReceived",
    "ReportDelivered",
    "ReportEscalated",
    "ReportUpdated",
    "ReplySent",
    "ReportClassified",
    "ReportRouted",
    "dlq_topic",
]
