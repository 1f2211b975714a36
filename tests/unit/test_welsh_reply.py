"""A post written in Welsh to a Welsh body is answered in Welsh; to a London one, in English."""

from __future__ import annotations

from datetime import UTC, datetime

from services.notifier.handlers import acknowledge_report
from shared.events import MentionReceived, ReportClassified
from shared.events.envelope import report_id_for
from shared.events.mention import Author, Mention
from tests.unit.test_pipeline_handlers import (
    TRIAGE,
    RecordingPublisher,
    notifier_ctx,
    route_report,
    router_ctx,
)


def welsh_post(post_id: str, to: str, place: str) -> Mention:
    return Mention(
        platform="mastodon",
        id=post_id,
        author=Author(id="3", handle="lowri"),
        text=f"@{to} Mae'r golau stryd ar y brif stryd yn {place} wedi torri ers wythnos",
        created_at=datetime(2026, 11, 25, 9, tzinfo=UTC),
        mentions=[f"@{to}"],
        received_by=to,
    )


async def _first_reply(migrated, mention: Mention) -> str:  # type: ignore[no-untyped-def]
    report_id = report_id_for("mastodon", mention.id)
    mentioned = MentionReceived.create(mention, correlation_id=report_id)
    classified = ReportClassified.create(
        TRIAGE.assess(mention, report_id=report_id), correlation_id=report_id, cause=mentioned
    )
    [routed] = await route_report(classified, ctx=router_ctx(await migrated("router")))
    ctx = notifier_ctx(await migrated("notifier"), RecordingPublisher())
    [sent] = await acknowledge_report(routed, ctx=ctx)
    assert routed.payload.reference in sent.payload.text
    return sent.payload.text


async def test_welsh_post_to_monmouthshire_is_answered_in_welsh(migrated) -> None:
    text = await _first_reply(migrated, welsh_post("w1", "MonmouthshireCC", "Y Fenni"))
    assert "Diolch" in text


async def test_welsh_post_to_westminster_is_answered_in_english(migrated) -> None:
    text = await _first_reply(migrated, welsh_post("w2", "CityWestminster", "Soho"))
    assert "Diolch" not in text and "Thank" in text
