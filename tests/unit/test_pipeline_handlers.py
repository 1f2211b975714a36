"""The handlers as plain async functions: real SQLite, fake platform, no Kafka."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from platforms.base import MentionPage, PostedReply, RejectedByPlatform
from platforms.x.outbound import XReplyPublisher
from services.classifier.handlers import classify_mention
from services.classifier.repository import ClassificationRepository
from services.ingest.handlers import ingest_page
from services.ingest.repository import IngestRepository
from services.notifier.context import NotifierContext
from services.notifier.handlers import acknowledge_report
from services.notifier.repository import NotifierRepository
from services.notifier.wording import Wording
from services.router.assignments import AssignmentRepository
from services.router.context import RouterContext
from services.router.deliveries import DeliveryRepository
from services.router.handlers import route_report
from services.router.reference import reference_for
from services.router.repository import RoutingRepository
from shared.events import MentionReceived, ReportClassified, ReportRouted
from shared.events.envelope import Event, report_id_for
from shared.events.mention import Author, Mention
from shared.events.routed import Routing
from shared.kafka.runner import PermanentError
from triage.directory import Directory
from triage.engine import Triage

TRIAGE = Triage(Directory.load(None))


def a_mention(post_id: str = "101", text: str = "@MonmouthshireCC pothole in Usk") -> Mention:
    return Mention(
        platform="mastodon",
        id=post_id,
        author=Author(id="7", handle="lowri"),
        text=text,
        created_at=datetime(2026, 11, 25, 9, 0, tzinfo=UTC),
        mentions=["@MonmouthshireCC"],
        received_by="MonmouthshireCC",
        visibility="public",
    )


class RecordingPublisher:
    """A fake platform that keeps what was posted, and honours idempotency keys like Mastodon."""

    platform = "mastodon"
    max_length = 500
    length = staticmethod(len)

    def __init__(self, fail_with: Exception | None = None) -> None:
        self.posts: dict[str, tuple[str, str]] = {}
        self.calls = 0
        self.fail_with = fail_with

    async def reply(self, *, from_account, in_reply_to, text, idempotency_key, visibility=None):  # type: ignore[no-untyped-def]
        self.calls += 1
        if self.fail_with:
            raise self.fail_with
        self.posts.setdefault(idempotency_key, (from_account, text))
        return PostedReply(id=f"r-{list(self.posts).index(idempotency_key)}")


async def test_ingest_publishes_each_post_once_even_when_two_feeds_see_it(migrated) -> None:
    repository = IngestRepository(await migrated("ingest"))
    published: list[Event] = []

    async def publish(event: Event) -> None:
        published.append(event)

    page = MentionPage(mentions=[a_mention("1"), a_mention("2")], cursor="2")
    assert await ingest_page(page, feed="mastodon:A", repository=repository, publish=publish) == 2
    assert await ingest_page(page, feed="mastodon:B", repository=repository, publish=publish) == 0
    assert [e.payload.id for e in published] == ["1", "2"]
    assert await repository.cursor("mastodon:A") == "2"
    assert published[0].correlation_id == report_id_for("mastodon", "1")


async def test_redelivered_mention_is_classified_once_with_the_same_event_id(migrated) -> None:
    repository = ClassificationRepository(await migrated("classifier"))
    event = MentionReceived.create(a_mention(), correlation_id=report_id_for("mastodon", "101"))

    first = await classify_mention(event, assessor=TRIAGE, repository=repository)
    again = await classify_mention(event, assessor=TRIAGE, repository=repository)

    assert first[0].event_id == again[0].event_id
    assert first[0].payload == again[0].payload
    assert first[0].payload.category == "road_defect"
    assert first[0].causation_id == event.event_id


async def _ignore(event: Event) -> None:
    return None


def router_ctx(sessions) -> RouterContext:  # type: ignore[no-untyped-def]
    return RouterContext(
        triage=TRIAGE,
        routings=RoutingRepository(sessions),
        assignments=AssignmentRepository(sessions),
        deliveries=DeliveryRepository(sessions),
        publish=_ignore,
    )


def notifier_ctx(sessions, publisher) -> NotifierContext:  # type: ignore[no-untyped-def]
    return NotifierContext(
        repository=NotifierRepository(sessions),
        publishers={"mastodon": publisher},
        wording=WORDING,
        publish=_ignore,
    )


WORDING = Wording.load()


async def test_routing_gives_a_stable_reference_and_queues_one_delivery_per_body(migrated) -> None:
    sessions = await migrated("router")
    ctx = router_ctx(sessions)
    mentioned = MentionReceived.create(a_mention(), correlation_id="r-1")
    classified = ReportClassified.create(
        TRIAGE.assess(a_mention(), report_id="r-1"), correlation_id="r-1", cause=mentioned
    )
    first = await route_report(classified, ctx=ctx)
    again = await route_report(classified, ctx=ctx)
    assert first[0].payload.reference == again[0].payload.reference
    assert first[0].payload.reference.startswith("HRD-")
    assert [b.id for b in first[0].payload.bodies] == ["monmouthshire-cc"]
    deliveries = await ctx.deliveries.for_report("r-1")
    assert [(d.body_id, d.kind, d.status) for d in deliveries] == [
        ("monmouthshire-cc", "report", "pending")
    ]
    assert deliveries[0].payload["links"]["status_page"].endswith(first[0].payload.reference)


async def test_a_reference_already_taken_by_another_report_is_salted(migrated) -> None:
    ctx = router_ctx(await migrated("router"))
    mentioned = MentionReceived.create(a_mention(), correlation_id="r-2")
    classification = TRIAGE.assess(a_mention(), report_id="r-2")
    squatter = Routing(
        report_id="other", reference=reference_for("r-2"), classification=classification
    )
    await ctx.routings.add(squatter)
    classified = ReportClassified.create(classification, correlation_id="r-2", cause=mentioned)
    [routed] = await route_report(classified, ctx=ctx)
    assert routed.payload.reference == reference_for("r-2", salt=1)


async def _routed(sessions, mention: Mention) -> ReportRouted:  # type: ignore[no-untyped-def]
    report_id = report_id_for("mastodon", mention.id)
    mentioned = MentionReceived.create(mention, correlation_id=report_id)
    classified = ReportClassified.create(
        TRIAGE.assess(mention, report_id=report_id), correlation_id=report_id, cause=mentioned
    )
    [routed] = await route_report(classified, ctx=router_ctx(sessions))
    return routed


async def test_citizen_gets_one_acknowledgement_for_a_redelivered_report(migrated) -> None:
    routed = await _routed(await migrated("router"), a_mention())
    publisher = RecordingPublisher()
    ctx = notifier_ctx(await migrated("notifier"), publisher)

    first = await acknowledge_report(routed, ctx=ctx)
    again = await acknowledge_report(routed, ctx=ctx)

    assert publisher.calls == 1
    assert len(publisher.posts) == 1
    assert first[0].payload == again[0].payload
    text = first[0].payload.text
    assert text.startswith("@lowri ")
    assert routed.payload.reference in text
    assert "Monmouthshire County Council" in text
    assert f"/r/{routed.payload.reference}" in text
    assert first[0].payload.from_account == "MonmouthshireCC"


async def test_the_first_acknowledgement_starts_the_escalation_ladder(migrated) -> None:
    routed = await _routed(await migrated("router"), a_mention())
    ctx = notifier_ctx(await migrated("notifier"), RecordingPublisher())
    await acknowledge_report(routed, ctx=ctx)
    timers = await ctx.repository.timers(routed.correlation_id)
    assert sorted(t.level for t in timers) == ["duty_contact", "holding_reply", "reminder"]
    by_level = {t.level: t.due_at for t in timers}
    assert by_level["reminder"] < by_level["duty_contact"] < by_level["holding_reply"]


async def test_a_report_the_platform_refuses_is_a_permanent_error(migrated) -> None:
    routed = await _routed(await migrated("router"), a_mention())
    publisher = RecordingPublisher(fail_with=RejectedByPlatform("HTTP 404: Record not found"))
    with pytest.raises(PermanentError, match="404"):
        await acknowledge_report(routed, ctx=notifier_ctx(await migrated("notifier"), publisher))


async def test_a_short_platform_gets_a_shorter_reply_with_the_reference_whole(migrated) -> None:
    routed = await _routed(await migrated("router"), a_mention())
    publisher = RecordingPublisher()
    publisher.max_length = 120
    [sent] = await acknowledge_report(
        routed, ctx=notifier_ctx(await migrated("notifier"), publisher)
    )
    assert len(sent.payload.text) <= 120
    assert routed.payload.reference in sent.payload.text


async def test_a_reply_is_fitted_by_the_platforms_own_count_not_by_len(migrated) -> None:
    # X counts a link as 23 whatever its length: a reply longer than the limit by len() fits.
    routed = await _routed(await migrated("router"), a_mention())
    publisher = RecordingPublisher()
    publisher.max_length = 150
    publisher.length = staticmethod(XReplyPublisher.length)  # type: ignore[method-assign]
    [sent] = await acknowledge_report(
        routed, ctx=notifier_ctx(await migrated("notifier"), publisher)
    )
    assert XReplyPublisher.length(sent.payload.text) <= 150
    assert len(sent.payload.text) > XReplyPublisher.length(sent.payload.text)  # a long link
    assert routed.payload.reference in sent.payload.text


async def test_report_without_an_area_asks_the_citizen_where(migrated) -> None:
    # No place, no postcode, no official account addressed: nobody can be chosen yet.
    mention = a_mention(text="the street light outside my house is out").model_copy(
        update={"mentions": [], "received_by": None}
    )
    routed = await _routed(await migrated("router"), mention)
    publisher = RecordingPublisher()
    [sent] = await acknowledge_report(
        routed, ctx=notifier_ctx(await migrated("notifier"), publisher)
    )
    assert routed.payload.needs_location
    assert "postcode" in sent.payload.text
