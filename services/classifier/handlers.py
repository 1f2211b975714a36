"""Classifier use case: decide what a mention is, once per report."""

from __future__ import annotations

from typing import Protocol

from services.classifier.repository import ClassificationRepository
from shared.events.classified import Classification, ReportClassified
from shared.events.envelope import Event
from shared.events.mention import Mention, MentionReceived
from shared.events.reply import ReplySent


class Assessor(Protocol):
    def assess(self, mention: Mention, *, report_id: str) -> Classification: ...


async def classify_mention(
    event: MentionReceived, *, assessor: Assessor, repository: ClassificationRepository
) -> list[ReportClassified]:
    """Classify a new mention; a redelivered one re-emits the stored decision. A reply that
    answers our question about where a report is completes that report instead."""
    mention = event.payload
    if mention.in_reply_to:
        question = await repository.question(mention.platform, mention.in_reply_to)
        if question is not None and question.answered_by in (None, mention.id):
            return await _complete_location(event, question.report_id, assessor, repository)
    report_id = event.correlation_id
    classification = await repository.get(report_id)
    if classification is None:
        classification = await repository.add(
            assessor.assess(event.payload, report_id=report_id), cause_id=event.event_id
        )
    return [ReportClassified.create(classification, correlation_id=report_id, cause=event)]


async def _complete_location(
    event: MentionReceived,
    report_id: str,
    assessor: Assessor,
    repository: ClassificationRepository,
) -> list[ReportClassified]:
    original = await repository.get(report_id)
    if original is None:
        return []
    answer = event.payload
    if original.area is None or original.location is None:
        combined = original.mention.model_copy(
            update={
                "text": f"{original.mention.text}\n{answer.text}",
                "geo": answer.geo or original.mention.geo,
            }
        )
        located = assessor.assess(combined, report_id=report_id)
        if located.area is None:
            return []  # still no idea where: the question stays open
        await repository.replace(located)
        await repository.answered(report_id, answer.id)
        original = located
    return [ReportClassified.create(original, correlation_id=report_id, cause=event)]


async def note_question(event: ReplySent, *, repository: ClassificationRepository) -> list[Event]:
    """Heard asked where a report is: a reply to that question, or to the post, answers it."""
    reply = event.payload
    if reply.purpose == "needs_location":
        await repository.await_location(
            reply.platform, [reply.in_reply_to, reply.reply_id], reply.report_id
        )
    return []
