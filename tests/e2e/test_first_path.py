"""A citizen's mention goes through all four services and is answered in the thread."""

from __future__ import annotations

import re

from heard.devstack import Stack
from tests.e2e.conftest import citizen
from tests.support.otlp import OtlpReceiver
from tests.support.waiting import wait_until

REFERENCE = re.compile(r"HRD-[0-9A-Z]{4}-[0-9A-Z]{4}")
SERVICES = {"heard-ingest", "heard-classifier", "heard-router", "heard-notifier"}


def _reply_in_thread(client, status_id):  # type: ignore[no-untyped-def]
    return wait_until(
        lambda: client.status_context(status_id)["descendants"],
        timeout=40,
        what=f"a reply under status {status_id}",
    )


def test_mention_posted_with_mastodonpy_gets_an_in_thread_reply_with_reference(
    stack: Stack,
) -> None:
    lowri = citizen(stack, "lowri")
    status = lowri.status_post("@MonmouthshireCC pothole on Frogmore Street in Abergavenny")

    replies = _reply_in_thread(lowri, status["id"])

    assert len(replies) == 1
    reply = replies[0]
    assert reply["in_reply_to_id"] == status["id"]
    assert reply["account"]["acct"] == "MonmouthshireCC"
    assert REFERENCE.search(reply["content"]), reply["content"]
    assert "Monmouthshire County Council" in reply["content"]
    assert "@lowri" in reply["content"]


def test_one_trace_runs_through_all_four_services(stack: Stack, otlp: OtlpReceiver) -> None:
    priya = citizen(stack, "priya")
    status = priya.status_post("@CityWestminster broken glass all over Warwick Way, Pimlico SW1V")
    _reply_in_thread(priya, status["id"])

    ingest_span = wait_until(
        lambda: next(
            (s for s in otlp.spans if s.attributes.get("heard.mention_id") == str(status["id"])),
            None,
        ),
        what="the ingest span of this mention",
    )
    trace_id = ingest_span.trace_id

    def process_services() -> set[str]:
        spans = [s for s in otlp.spans if s.trace_id == trace_id]
        return {s.service for s in spans if s.name.startswith("process ")}

    # Spans arrive in batches as they end; a parent (process) ends after its children.
    wait_until(
        # Ingest also follows routings (for Open311 statuses), so its span may join in.
        lambda: process_services() >= {"heard-classifier", "heard-router", "heard-notifier"},
        timeout=20,
        what=f"process spans from classifier, router and notifier in trace {trace_id}",
    )
    assert otlp.services_by_trace()[trace_id] >= SERVICES
    spans = [s for s in otlp.spans if s.trace_id == trace_id]
    for span in spans:
        if span.name.startswith("process "):
            assert span.kind == 5  # SPAN_KIND_CONSUMER
            assert span.attributes["messaging.system"] == "kafka"
            assert span.attributes["messaging.consumer.group.name"].startswith("heard-")
    sends = [s for s in spans if s.kind == 4]  # SPAN_KIND_PRODUCER
    assert {s.attributes["messaging.destination.name"] for s in sends} >= {
        "mentions.received.v1",
        "reports.classified.v1",
        "reports.routed.v1",
        "replies.sent.v1",
    }
