"""Heard asks where; the citizen's answer in the thread completes the same report."""

from __future__ import annotations

from datetime import UTC, datetime

from services.classifier.handlers import classify_mention, note_question
from services.classifier.repository import ClassificationRepository
from services.notifier.handlers import acknowledge_report
from shared.events import MentionReceived
from shared.events.envelope import report_id_for
from shared.events.mention import Author, Mention
from tests.unit.test_pipeline_handlers import (
    TRIAGE,
    RecordingPublisher,
    notifier_ctx,
    route_report,
    router_ctx,
)


def post(post_id: str, text: str, in_reply_to: str | None = None) -> Mention:
    return Mention(
        platform="mastodon",
        id=post_id,
        author=Author(id="7", handle="lowri"),
        text=text,
        created_at=datetime(2026, 11, 25, 9, tzinfo=UTC),
        in_reply_to=in_reply_to,
        received_by=None,
        visibility="public",
    )


async def test_the_citizens_answer_routes_the_original_report_under_its_reference(
    migrated,
) -> None:
    classifier = ClassificationRepository(await migrated("classifier"))
    router = router_ctx(await migrated("router"))
    publisher = RecordingPublisher()
    notifier = notifier_ctx(await migrated("notifier"), publisher)

    async def through(mention: Mention):  # type: ignore[no-untyped-def]
        event = MentionReceived.create(
            mention, correlation_id=report_id_for("mastodon", mention.id)
        )
        routed = []
        for classified in await classify_mention(event, assessor=TRIAGE, repository=classifier):
            routed += await route_report(classified, ctx=router)
        sent = []
        for event in routed:
            sent += await acknowledge_report(event, ctx=notifier)
        for reply in sent:
            await note_question(reply, repository=classifier)
        return routed, sent

    [first], [question] = await through(post("p1", "the street light outside my house is out"))
    assert first.payload.needs_location and question.payload.purpose == "needs_location"

    [located], [thanks] = await through(
        post("p2", "it's on Frogmore Street in Abergavenny", in_reply_to=question.payload.reply_id)
    )

    assert located.correlation_id == first.correlation_id
    assert located.payload.reference == first.payload.reference
    assert located.payload.revision == 2 and not located.payload.needs_location
    assert [b.id for b in located.payload.bodies] == ["monmouthshire-cc"]
    assert located.payload.classification.area == "monmouthshire"
    assert "Monmouthshire County Council" in thanks.payload.text
    assert first.payload.reference in thanks.payload.text
    deliveries = await router.deliveries.for_report(first.correlation_id)
    assert [d.body_id for d in deliveries] == ["monmouthshire-cc"]


async def test_an_answer_without_a_place_leaves_the_question_open(migrated) -> None:
    classifier = ClassificationRepository(await migrated("classifier"))
    original = post("q1", "the street light outside my house is out")
    event = MentionReceived.create(original, correlation_id=report_id_for("mastodon", "q1"))
    await classify_mention(event, assessor=TRIAGE, repository=classifier)
    await classifier.await_location("mastodon", ["q1"], event.correlation_id)
    answer = post("q2", "not sure what it's called sorry", in_reply_to="q1")
    again = MentionReceived.create(answer, correlation_id=report_id_for("mastodon", "q2"))
    assert await classify_mention(again, assessor=TRIAGE, repository=classifier) == []
    question = await classifier.question("mastodon", "q1")
    assert question is not None and question.answered_by is None
