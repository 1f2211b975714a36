"""Saying something in the citizen's thread, once per key, in their language and length."""

from __future__ import annotations

from platforms.base import RejectedByPlatform
from services.notifier.context import NotifierContext
from services.notifier.models import SentMessage, Thread
from shared.events.reply import Reply, ReplySent
from shared.kafka.runner import PermanentError


def greeting(platform: str, handle: str, display_name: str | None) -> str:
    """@handle where the platform notifies by handle; a first name on Facebook."""
    if platform == "facebook":
        return (display_name or handle).split()[0] + ","
    return "@" + handle


async def say(
    ctx: NotifierContext,
    thread: Thread,
    *,
    key: str,
    wording_key: str,
    body_ids: list[str],
    **values: str,
) -> ReplySent:
    """Post once under the citizen's post (the key makes a retry return the first post)."""
    message_key = f"{key}:{thread.report_id}"
    sent = await ctx.repository.message(message_key)
    if sent is None:
        publisher = ctx.publishers.get(thread.platform)
        if publisher is None:
            raise PermanentError(f"no reply adapter configured for {thread.platform}")
        words = ctx.wording.render(
            wording_key,
            language=thread.language,
            body_ids=body_ids,
            limit=publisher.max_length - publisher.length(thread.greeting) - 1,
            measure=publisher.length,
            reference=thread.reference,
            link=ctx.link(thread.reference),
            **values,
        )
        text = f"{thread.greeting} {words}"
        try:
            posted = await publisher.reply(
                from_account=thread.from_account,
                in_reply_to=thread.post_id,
                text=text,
                idempotency_key=message_key,
                visibility=thread.visibility,
            )
        except RejectedByPlatform as error:
            raise PermanentError(str(error)) from error
        sent = await ctx.repository.add_message(
            SentMessage(
                message_key=message_key,
                report_id=thread.report_id,
                kind=wording_key,
                reference=thread.reference,
                platform=thread.platform,
                in_reply_to=thread.post_id,
                reply_id=posted.id,
                from_account=thread.from_account,
                text=text,
            )
        )
    reply = Reply(
        report_id=sent.report_id,
        reference=sent.reference,
        platform=sent.platform,  # type: ignore[arg-type]
        in_reply_to=sent.in_reply_to,
        reply_id=sent.reply_id,
        from_account=sent.from_account,
        text=sent.text,
        purpose=sent.kind,
    )
    return ReplySent.create(reply, correlation_id=sent.report_id, discriminator=key)
