"""Closing the loop: departments receive signed reports, answer through the API, and silence
climbs the escalation ladder; all seen from the citizen's thread and status page."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Iterator

import httpx
import pytest

from heard.demo_platforms import post, thread_replies
from heard.devstack import Stack
from tests.support.waiting import wait_until

EMERGENCY = "@gwentpolice car on fire on Cross Street in Abergavenny, someone is trapped inside!"


@pytest.fixture(autouse=True)
def departments_silent_again(stack: Stack) -> Iterator[None]:
    """Scenarios set by a test end with it: other tests expect silent departments."""
    yield
    for body in ("westminster-cc", "ards-north-down-bc", "gwent-police"):
        department(stack, f"scenario/{body}", {"mode": "silent"})


def department(stack: Stack, path: str, body: dict | None = None):  # type: ignore[no-untyped-def]
    url = f"{stack.config.fake_url('department')}/_fake/{path}"
    response = httpx.post(url, json=body) if body is not None else httpx.get(url)
    response.raise_for_status()
    return response.json()


def keys(stack: Stack) -> dict[str, str]:
    config = json.loads((stack.config.data_dir / "department.json").read_text())
    return {body: c["api_key"] for body, c in config["bodies"].items()}


def replies(stack: Stack, post_id: str, platform: str = "mastodon"):  # type: ignore[no-untyped-def]
    return asyncio.run(thread_replies(stack.config, platform, post_id))


def posted(stack: Stack, text: str, to: str, citizen: str = "lowri") -> str:
    return asyncio.run(post(stack.config, "mastodon", citizen, text, to))


def reference_of(stack: Stack, body: str, post_text: str) -> str:
    found = wait_until(
        lambda: [
            r
            for r in department(stack, f"received?body={body}")
            if r["type"] == "report.routed" and r["payload"]["text"] == post_text
        ],
        timeout=40,
        what=f"{body} to receive the report",
    )
    return found[0]["reference"]


def test_department_gets_a_signed_report_answers_and_the_citizen_sees_it_all(stack: Stack) -> None:
    department(
        stack,
        "scenario/westminster-cc",
        {"mode": "responsive", "ack_after_s": 0.3, "update_after_s": 0.8, "resolve_after_s": 1.5},
    )
    text = "@CityWestminster dumped mattresses and rubble on Warwick Way, Pimlico"
    post_id = posted(stack, text, "CityWestminster", citizen="priya")
    reference = reference_of(stack, "westminster-cc", text)
    received = department(stack, "received?body=westminster-cc")
    report = next(r for r in received if r["reference"] == reference)
    assert report["payload"]["links"]["acknowledge"].endswith(f"/{reference}/acknowledge")
    assert report["payload"]["category"] == "flytipping"

    answers = wait_until(
        lambda: len(replies(stack, post_id)) >= 4 and replies(stack, post_id),
        timeout=40,
        what="the acknowledgement, pick-up, update and resolution",
    )
    texts = [r.text for r in answers]
    assert all(r.author == "CityWestminster" for r in answers)
    assert reference in texts[0]
    assert any("crew is booked" in t for t in texts)
    assert len(answers) == 4

    status = httpx.get(f"{stack.config.service_url('router')}/r/{reference}.json").json()
    kinds = [e["kind"] for e in status["entries"]]
    assert kinds[:3] == ["received", "routed", "delivered"]
    assert {"acknowledged", "update", "resolved"} <= set(kinds)
    assert status["status"] == "resolved"
    page = httpx.get(f"{stack.config.service_url('router')}/r/{reference}")
    assert page.status_code == 200 and "crew is booked" in page.text
    assert "priya" not in page.text.lower()


def test_a_silent_department_is_reminded_then_escalated_then_the_citizen_told(
    stack: Stack,
) -> None:
    post_id = posted(stack, EMERGENCY, "gwentpolice", citizen="tom")
    reference = reference_of(
        stack, "gwent-police", EMERGENCY.replace("@gwentpolice ", "@gwentpolice ", 1)
    )
    # 15 clock-minutes to the deadline at 60x: the ladder climbs within about half a minute.
    chased = wait_until(
        lambda: [
            r
            for r in department(stack, "received?body=gwent-police")
            if r["reference"] == reference and r["type"] != "report.routed"
        ],
        timeout=60,
        interval=0.5,
        what="a reminder and an escalation",
    )
    wait_until(
        lambda: (
            len(
                [
                    r
                    for r in department(stack, "received?body=gwent-police")
                    if r["reference"] == reference
                ]
            )
            >= 3
        ),
        timeout=30,
        what="the escalation to the duty contact",
    )
    holding = wait_until(
        lambda: [
            r
            for r in replies(stack, post_id)
            if "999" not in r.text
            and "HRD" not in r.text
            or "longer" in r.text
            or "chased" in r.text.lower()
        ],
        timeout=60,
        interval=0.5,
        what="the holding reply",
    )
    time.sleep(3)
    arrived = [
        r for r in department(stack, "received?body=gwent-police") if r["reference"] == reference
    ]
    assert [r["type"] for r in arrived] == ["report.routed", "report.reminder", "report.escalated"]
    assert all(r["duplicates"] == 0 for r in arrived)
    thread = replies(stack, post_id)
    assert len(thread) == 2, [r.text for r in thread]
    assert "999" in thread[0].text
    assert chased and holding


def test_a_key_sees_only_its_own_bodys_reports_and_bad_requests_get_4xx(stack: Stack) -> None:
    text = "@MonmouthshireCC bins on Monnow Street not collected again, Monmouth"
    posted(stack, text, "MonmouthshireCC")
    reference = reference_of(stack, "monmouthshire-cc", text)
    api = f"{stack.config.service_url('router')}/api/v1/reports"
    own = {"Authorization": f"Bearer {keys(stack)['monmouthshire-cc']}"}
    other = {"Authorization": f"Bearer {keys(stack)['westminster-cc']}"}

    assert httpx.get(f"{api}/{reference}", headers=own).status_code == 200
    assert reference in [r["reference"] for r in httpx.get(api, headers=own).json()]
    assert reference not in [r["reference"] for r in httpx.get(api, headers=other).json()]
    for method, path in (("GET", ""), ("POST", "/acknowledge"), ("POST", "/resolve")):
        response = httpx.request(method, f"{api}/{reference}{path}", headers=other, json={})
        assert response.status_code == 404, (path, response.text)
    assert httpx.get(api).status_code == 401
    assert httpx.get(api, headers={"Authorization": "Bearer nope"}).status_code == 401
    for bad in (b"{not json", b'{"message": 5}', b'{"message": ""}', b"[]"):
        response = httpx.post(f"{api}/{reference}/updates", headers=own, content=bad)
        assert 400 <= response.status_code < 500, (bad, response.status_code)
        assert "detail" in response.json()


def test_deliveries_to_a_department_that_is_down_arrive_once_it_is_back(stack: Stack) -> None:
    department(stack, "scenario/ards-north-down-bc", {"mode": "down"})
    text = "@ArdsNorthDown graffiti all over the bus shelter on the seafront at Holywood"
    posted(stack, text, "ArdsNorthDown", citizen="davy")
    time.sleep(4)
    assert not [
        r
        for r in department(stack, "received?body=ards-north-down-bc")
        if r["payload"].get("text") == text
    ]
    department(stack, "scenario/ards-north-down-bc", {"mode": "silent"})
    arrived = wait_until(
        lambda: [
            r
            for r in department(stack, "received?body=ards-north-down-bc")
            if r["payload"].get("text") == text
        ],
        timeout=60,
        interval=0.5,
        what="the delivery after the department came back",
    )
    time.sleep(2)
    again = [
        r
        for r in department(stack, "received?body=ards-north-down-bc")
        if r["payload"].get("text") == text
    ]
    assert len(arrived) == 1 and len(again) == 1 and again[0]["duplicates"] == 0


def test_notifier_killed_with_pending_timers_fires_each_once_after_restart(stack: Stack) -> None:
    text = "@gwentpolice man with a knife outside the Co-op on Newport Road, Caldicot, right now"
    post_id = posted(stack, text, "gwentpolice", citizen="sam")
    reference = reference_of(stack, "gwent-police", text)
    wait_until(lambda: replies(stack, post_id), timeout=30, what="the first reply")
    stack.kill("notifier")
    time.sleep(20)  # every rung falls due while the notifier is down
    stack.start_service("notifier")
    stack.wait_ready(("notifier",))
    wait_until(
        lambda: len(replies(stack, post_id)) >= 2,
        timeout=60,
        interval=0.5,
        what="the holding reply after the restart",
    )
    wait_until(
        lambda: (
            len(
                [
                    r
                    for r in department(stack, "received?body=gwent-police")
                    if r["reference"] == reference
                ]
            )
            >= 3
        ),
        timeout=30,
        what="the reminder and the escalation after the restart",
    )
    time.sleep(3)
    arrived = [
        r["type"]
        for r in department(stack, "received?body=gwent-police")
        if r["reference"] == reference
    ]
    assert arrived == ["report.routed", "report.reminder", "report.escalated"]
    assert len(replies(stack, post_id)) == 2
