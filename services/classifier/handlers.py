"""Classifier use case: decide what a mention is, once per report."""

from __future__ import annotations

from typing import Protocol

from services.classifier.repository import ClassificationRepository
from shared.events.classified import Classification, ReportClassified
from shared.events.mention import Mention, MentionReceived


class Assessor(Protocol):
    def assess(self, mention: Mention, *, report_id: str) -> Classification: ...


async def classify_mention(
    event: MentionReceived, *, assessor: Assessor, repository: ClassificationRepository
) -> list[ReportClassified]:
    """Classify a new mention; a redelivered one re-emits the stored decision."""
    report_id = event.correlation_id
    classification = await repository.get(report_id)
    if classification is None:
        classification = await repository.add(
            assessor.assess(event.payload, report_id=report_id), cause_id=event.event_id
        )
    return [ReportClassified.create(classification, correlation_id=report_id, cause=event)]
