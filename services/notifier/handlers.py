"""Notifier use case: answer the citizen in their thread, exactly once per report."""

from __future__ import annotations

from collections.abc import Mapping

from platforms.base import RejectedByPlatform, ReplyPublisher
from services.notifier.messages import first_reply
from services.notifier.repository import ReplyRepository
from shared.events.reply import Reply, ReplySent
from shared.events.routed import ReportRouted
from shared.kafka.runner import PermanentError

THREADLESS = frozenset({"open311", "web"})


async def acknowledge_report(
    event: ReportRouted,
    *,
    publishers: Mapping[str, ReplyPublisher],
    repository: ReplyRepository,
) -> list[ReplySent]:
    """Reply with the reference; non-reports get no reply; a redelivery never posts twice."""
    routing = event.payload
    report_id = event.correlation_id
    if not routing.classification.is_report:
        return []
    if routing.classification.mention.platform in THREADLESS:
        # No thread to answer in: the intake's response carried the reference already.
        return []
    reply = await repository.get(report_id)
    if reply is None:
        mention = routing.classification.mention
        publisher = publishers.get(mention.platform)
        if publisher is None:
            raise PermanentError(f"no reply adapter configured for {mention.platform}")
        from_account = mention.received_by or (mention.mentions or [""])[0]
        text = first_reply(routing, limit=publisher.max_length)
        try:
            # The report id is the idempotency key: a crash after posting and before
            # storing makes the retry return the same post instead of a second one.
            posted = await publisher.reply(
                from_account=from_account,
                in_reply_to=mention.id,
                text=text,
                idempotency_key=f"ack-{report_id}",
                visibility=mention.visibility,
            )
        except RejectedByPlatform as error:
            raise PermanentError(str(error)) from error
        reply = await repository.add(
            Reply(
                report_id=report_id,
                reference=routing.reference,
                platform=mention.platform,
                in_reply_to=mention.id,
                reply_id=posted.id,
                from_account=from_account,
                text=text,
            )
        )
    return [ReplySent.create(reply, correlation_id=report_id, cause=event)]
