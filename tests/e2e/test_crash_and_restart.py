"""Nothing lost, nothing twice: a classifier killed mid-stream, then restarted."""

from __future__ import annotations

import threading
import time

import httpx

from heard.devstack import Stack
from tests.e2e.conftest import citizen
from tests.support.waiting import wait_until

PLACES = ["Abergavenny", "Monmouth", "Chepstow", "Caldicot", "Usk", "Raglan", "Magor", "Tintern"]


def _replies_by_parent(stack: Stack) -> dict[str, list[dict]]:
    statuses = httpx.get(f"{stack.config.mastodon_url}/_fake/statuses").json()
    replies: dict[str, list[dict]] = {}
    for status in statuses:
        if status.get("in_reply_to_id"):
            replies.setdefault(str(status["in_reply_to_id"]), []).append(status)
    return replies


def test_sigkilled_classifier_restarted_every_mention_answered_exactly_once(stack: Stack) -> None:
    tom = citizen(stack, "tom")
    posted: list[str] = []
    total = 30

    def post_stream() -> None:
        for i in range(total):
            place = PLACES[i % len(PLACES)]
            status = tom.status_post(
                f"@MonmouthshireCC pothole number {i} on the high street in {place}"
            )
            posted.append(str(status["id"]))
            time.sleep(0.1)

    poster = threading.Thread(target=post_stream)
    poster.start()
    wait_until(lambda: len(posted) >= 10, what="the first ten posts")
    stack.kill("classifier")
    time.sleep(1.0)
    stack.start_service("classifier")
    stack.wait_ready(("classifier",))
    poster.join()

    wait_until(
        lambda: all(pid in _replies_by_parent(stack) for pid in posted),
        timeout=90,
        interval=0.5,
        what="a reply to every post",
    )
    # Give any duplicate that a redelivery could cause the time to show up.
    time.sleep(3)
    replies = _replies_by_parent(stack)
    counts = {pid: len(replies.get(pid, [])) for pid in posted}
    assert set(counts.values()) == {1}, counts


def test_sigterm_stops_a_service_cleanly_and_it_resumes(stack: Stack) -> None:
    assert stack.stop_process("router") == 0
    sam = citizen(stack, "sam")
    status = sam.status_post("@CityWestminster overflowing bins on Oxford Street")
    stack.start_service("router")
    stack.wait_ready(("router",))
    replies = wait_until(
        lambda: sam.status_context(status["id"])["descendants"], timeout=40, what="a reply"
    )
    assert len(replies) == 1
    log = (stack.logs / "router.log").read_text()
    assert "router stopped" in log
