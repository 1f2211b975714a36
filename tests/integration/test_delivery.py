"""Delivery to departmental systems, over real HTTP between the sender and the fake department."""

from __future__ import annotations

import asyncio
import json
import random
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from pydantic import SecretStr

from fakes.department import BodyConfig, DepartmentFakeConfig, Scenario
from heard.devstack import free_port
from services.router.delivery.config import DepartmentEndpoint
from services.router.delivery.payload import escalation_payload, reminder_payload, report_payload
from services.router.delivery.schedule import backoff_ceiling, gave_up, next_attempt_at
from services.router.delivery.sender import deliver, retry_after_seconds
from services.router.delivery.signing import encode, signed_headers
from shared.events.classified import Classification, Evidence, Location
from shared.events.mention import Author, Media, Mention
from shared.events.routed import ResponsibleBody, Routing
from tests.support.department import FakeDepartment, eventually, new_secret, running_department
from tests.support.mastodon import serve_in_thread

API = "https://heard.example/router"
STATUS = "https://heard.example"
REFERENCE = "HRD-7K3M-Q2"
QUICK = {"ack_after_s": 0.05, "update_after_s": 0.1, "resolve_after_s": 0.15}
BODIES = {
    "monmouthshire-cc": ("key-monmouthshire", Scenario.model_validate(QUICK)),
    "gwent-police": ("key-gwent", Scenario(mode="silent")),
    "welsh-water": ("key-welsh-water", Scenario(mode="down")),
    "nrw": ("key-nrw", Scenario(mode="silent")),
    "cardiff-cc": ("key-cardiff", Scenario(mode="hand_back", hand_back_after_s=0.05)),
}
SECRETS = {body: new_secret() for body in BODIES}
OPEN311_KEY = "open311-nrw-key"


class StubDepartmentApi:
    """Heard's Department API as far as the fake needs it: checks the key, records each call."""

    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []
        self.fail_next: dict[str, int] = {}
        self.keys = {key: body for body, (key, _) in BODIES.items()}
        self.app = FastAPI()
        self.app.post("/api/v1/reports/{reference}/{action}")(self.act)

    async def act(self, reference: str, action: str, request: Request) -> JSONResponse:
        token = request.headers.get("authorization", "").removeprefix("Bearer ")
        body = self.keys.get(token)
        if body is None:
            return JSONResponse({"detail": "no valid API key"}, 401)
        if self.fail_next.get(action, 0) > 0:
            self.fail_next[action] -= 1
            return JSONResponse({"detail": "starting up"}, 503)
        sent = await request.json()
        self.calls.append({"body": body, "reference": reference, "action": action, "json": sent})
        return JSONResponse({"reference": reference}, 201 if action == "updates" else 200)


@pytest.fixture(scope="module")
def stub_api() -> Iterator[tuple[StubDepartmentApi, str]]:
    stub = StubDepartmentApi()
    server, thread, base_url = serve_in_thread(stub.app)
    try:
        yield stub, base_url
    finally:
        server.should_exit = True
        thread.join(timeout=5)


@pytest.fixture(scope="module")
def running(stub_api: tuple[StubDepartmentApi, str]) -> Iterator[FakeDepartment]:
    bodies = {
        body: BodyConfig(
            secret=SECRETS[body],
            api_key=key,
            scenario=scenario,
            open311_api_key=OPEN311_KEY if body == "nrw" else None,
        )
        for body, (key, scenario) in BODIES.items()
    }
    config = DepartmentFakeConfig(heard_api_url=stub_api[1], bodies=bodies, action_retry_s=0.05)
    with running_department(config) as fake:
        yield fake


@pytest.fixture
def department(running: FakeDepartment, stub_api: tuple[StubDepartmentApi, str]) -> FakeDepartment:
    running.reset()
    stub_api[0].calls.clear()
    stub_api[0].fail_next.clear()
    return running


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient() as client:
        yield client


def routing(body_id: str = "monmouthshire-cc", **mention: Any) -> Routing:
    post = Mention(
        platform="mastodon",
        id="110998877",
        author=Author(id="998877", handle="lowri@mastodon.example", display_name="Lowri"),
        text=mention.pop("text", "@MonmouthshireCC pothole on Frogmore Street, Abergavenny"),
        created_at=datetime(2026, 3, 2, 8, 30, tzinfo=UTC),
        media=[Media(url="https://files.example/pothole.jpg", content_type="image/jpeg")],
        **mention,
    )
    classification = Classification(
        report_id="r-1",
        mention=post,
        is_report=True,
        category="road_defect",
        urgency="normal",
        location=Location(lat=51.8211, lon=-3.0172, source="place", place="Frogmore Street"),
        area="monmouthshire",
        road="Frogmore Street",
        evidence=[Evidence(kind="keyword", value="pothole")],
    )
    body = ResponsibleBody(id=body_id, name=f"Body {body_id}", rule="highways: road_defect")
    return Routing(
        report_id="r-1", reference=REFERENCE, classification=classification, bodies=[body]
    )


def payload_for(body_id: str) -> dict[str, Any]:
    return report_payload(routing(body_id), body_id, api_base_url=API, status_base_url=STATUS)


def endpoint_for(fake: FakeDepartment, body_id: str, **fields: Any) -> DepartmentEndpoint:
    return DepartmentEndpoint(
        url=fake.hook_url(body_id),
        secret=SecretStr(fields.pop("secret", SECRETS[body_id])),
        **fields,
    )


async def test_a_signed_delivery_is_verified_and_recorded_once(
    department: FakeDepartment, http: httpx.AsyncClient
) -> None:
    payload = payload_for("gwent-police")
    outcome = await deliver(
        http, endpoint_for(department, "gwent-police"), delivery_id="d-1", payload=payload
    )
    assert (outcome.ok, outcome.status_code, outcome.error) == (True, 200, None)
    [arrived] = department.received("gwent-police")
    assert arrived["verified"] is True
    assert arrived["webhook_id"] == "d-1"
    assert arrived["duplicates"] == 0
    assert arrived["payload"] == payload


async def test_a_redelivery_carries_the_same_id_and_is_never_acted_on_twice(
    department: FakeDepartment,
    http: httpx.AsyncClient,
    stub_api: tuple[StubDepartmentApi, str],
) -> None:
    endpoint = endpoint_for(department, "monmouthshire-cc")
    payload = payload_for("monmouthshire-cc")
    first = await deliver(http, endpoint, delivery_id="d-2", payload=payload)
    again = await deliver(http, endpoint, delivery_id="d-2", payload=payload)
    assert first.ok and again.ok
    [arrived] = department.received("monmouthshire-cc")
    assert arrived["duplicates"] == 1
    await eventually(lambda: len(department.actions()) >= 3, what="the scenario to finish")
    await asyncio.sleep(0.3)  # long enough for a second run of the scenario to show
    assert [c["action"] for c in stub_api[0].calls] == ["acknowledge", "updates", "resolve"]


async def test_a_wrong_secret_is_refused_and_not_worth_retrying(
    department: FakeDepartment, http: httpx.AsyncClient
) -> None:
    wrong = new_secret()
    endpoint = endpoint_for(department, "gwent-police", secret=wrong)
    outcome = await deliver(http, endpoint, delivery_id="d-3", payload=payload_for("gwent-police"))
    assert (outcome.ok, outcome.retryable, outcome.status_code) == (False, False, 401)
    assert outcome.error is not None and "signature" in outcome.error
    assert wrong.removeprefix("whsec_") not in outcome.error
    [arrived] = department.received("gwent-police")
    assert arrived["verified"] is False


async def test_a_stale_timestamp_is_refused_even_with_the_right_secret(
    department: FakeDepartment, http: httpx.AsyncClient
) -> None:
    body = encode(payload_for("gwent-police"))
    old = datetime.now(UTC) - timedelta(minutes=10)
    headers = signed_headers(
        SecretStr(SECRETS["gwent-police"]),
        msg_id="d-4",
        body=body,
        now=old,
    )
    response = await http.post(department.hook_url("gwent-police"), content=body, headers=headers)
    assert response.status_code == 401
    assert "too old" in response.json()["reason"]


async def test_a_body_that_is_down_is_retried_no_sooner_than_it_asks(
    department: FakeDepartment, http: httpx.AsyncClient
) -> None:
    endpoint = endpoint_for(department, "welsh-water")
    payload = payload_for("welsh-water")
    outcome = await deliver(http, endpoint, delivery_id="d-5", payload=payload)
    assert (outcome.ok, outcome.retryable, outcome.status_code) == (False, True, 503)
    assert outcome.retry_after == 1.0
    assert department.refused() == {"welsh-water": 1}
    now = datetime.now(UTC)
    assert next_attempt_at(1, now, retry_after=outcome.retry_after) >= now + timedelta(seconds=1)

    department.set_scenario("welsh-water", mode="silent")
    retried = await deliver(http, endpoint, delivery_id="d-5", payload=payload)
    assert retried.ok
    assert [r["webhook_id"] for r in department.received("welsh-water")] == ["d-5"]


async def test_a_body_down_for_a_while_comes_back_by_itself(
    department: FakeDepartment, http: httpx.AsyncClient
) -> None:
    department.set_scenario("welsh-water", mode="down", down_for_s=0.3, then="silent")
    endpoint = endpoint_for(department, "welsh-water")
    payload = payload_for("welsh-water")
    assert (await deliver(http, endpoint, delivery_id="d-6", payload=payload)).retryable
    await asyncio.sleep(0.4)
    assert (await deliver(http, endpoint, delivery_id="d-6", payload=payload)).ok


async def test_an_open311_body_gets_a_service_request_and_its_id_comes_back(
    department: FakeDepartment, http: httpx.AsyncClient
) -> None:
    endpoint = DepartmentEndpoint(
        method="open311",
        url=department.open311_url("nrw"),
        open311_api_key=SecretStr(OPEN311_KEY),
        open311_service_codes={"road_defect": "POTHOLE"},
    )
    outcome = await deliver(http, endpoint, delivery_id="d-7", payload=payload_for("nrw"))
    assert (outcome.ok, outcome.external_id) == (True, "nrw-1")
    [arrived] = department.received("nrw", channel="open311")
    form = arrived["payload"]["form"]
    assert form["service_code"] == "POTHOLE"
    assert (form["lat"], form["long"]) == ("51.8211", "-3.0172")
    assert form["description"].startswith("@MonmouthshireCC pothole on Frogmore Street")
    assert REFERENCE in form["description"] and f"{STATUS}/r/{REFERENCE}" in form["description"]
    assert form["media_url"] == "https://files.example/pothole.jpg"
    assert form["api_key_given"] is True
    assert not {"email", "phone", "first_name", "last_name", "device_id"} & form.keys()


async def test_an_open311_body_with_the_wrong_key_is_a_misconfiguration(
    department: FakeDepartment, http: httpx.AsyncClient
) -> None:
    endpoint = DepartmentEndpoint(
        method="open311",
        url=department.open311_url("nrw"),
        open311_api_key=SecretStr("not-the-key"),
    )
    outcome = await deliver(http, endpoint, delivery_id="d-8", payload=payload_for("nrw"))
    assert (outcome.ok, outcome.retryable, outcome.status_code) == (False, False, 403)
    assert outcome.error == "HTTP 403: Invalid api_key"


async def test_a_reminder_for_an_open311_body_goes_to_its_duty_contact_signed(
    department: FakeDepartment, http: httpx.AsyncClient
) -> None:
    deadline = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
    reminder = reminder_payload(
        routing("nrw"), "nrw", deadline=deadline, api_base_url=API, status_base_url=STATUS
    )
    fields: dict[str, Any] = {"method": "open311", "url": department.open311_url("nrw")}
    no_duty = DepartmentEndpoint(**fields)
    nowhere = await deliver(http, no_duty, delivery_id="d-9", payload=reminder)
    assert (nowhere.ok, nowhere.retryable) == (False, False)

    duty = DepartmentEndpoint(
        **fields,
        secret=SecretStr(SECRETS["nrw"]),
        duty_contact_url=department.hook_url("nrw", duty=True),
    )
    assert (await deliver(http, duty, delivery_id="d-9", payload=reminder)).ok
    [arrived] = department.received("nrw", channel="duty")
    assert (arrived["verified"], arrived["type"]) == (True, "report.reminder")
    assert department.received("nrw", channel="open311") == []


async def test_an_unreachable_system_is_worth_retrying_and_the_error_hides_the_secret(
    http: httpx.AsyncClient,
) -> None:
    secret = new_secret()
    endpoint = DepartmentEndpoint(
        url=f"http://127.0.0.1:{free_port()}/hooks/x", secret=SecretStr(secret)
    )
    outcome = await deliver(http, endpoint, delivery_id="d-10", payload=payload_for("nrw"))
    assert (outcome.ok, outcome.retryable, outcome.status_code) == (False, True, None)
    assert outcome.error is not None and secret.removeprefix("whsec_") not in outcome.error


def test_the_payload_links_back_and_carries_nothing_private() -> None:
    text = "@MonmouthshireCC pothole outside no. 4, call me on 07700 900123 or lowri@example.com"
    report = routing(text=text)
    payload = report_payload(report, "monmouthshire-cc", api_base_url=API, status_base_url=STATUS)
    base = f"{API}/api/v1/reports/{REFERENCE}"
    assert payload["links"] == {
        "self": base,
        "acknowledge": f"{base}/acknowledge",
        "updates": f"{base}/updates",
        "resolve": f"{base}/resolve",
        "hand_back": f"{base}/hand-back",
        "status_page": f"{STATUS}/r/{REFERENCE}",
    }
    assert payload["type"] == "report.routed"
    assert payload["body"] == {"id": "monmouthshire-cc", "name": "Body monmouthshire-cc"}
    assert payload["rule"] == "highways: road_defect"
    assert payload["text"].startswith("@MonmouthshireCC pothole outside no. 4")
    assert payload["media"] == [
        {"url": "https://files.example/pothole.jpg", "content_type": "image/jpeg"}
    ]
    deadline = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
    chases = [
        build(
            report, "monmouthshire-cc", deadline=deadline, api_base_url=API, status_base_url=STATUS
        )
        for build in (reminder_payload, escalation_payload)
    ]
    assert [c["type"] for c in chases] == ["report.reminder", "report.escalated"]
    assert all(c["deadline_missed"] == deadline.isoformat() for c in chases)
    for sent in (payload, *chases):
        wire = json.dumps(sent)
        for private in ("998877", "lowri@", "Lowri", "07700", "900123", "author"):
            assert private not in wire, private


class _Ceiling:
    def uniform(self, a: float, b: float) -> float:
        return b


class _Floor:
    def uniform(self, a: float, b: float) -> float:
        return a


def test_backoff_grows_exponentially_with_full_jitter_and_respects_retry_after() -> None:
    now = datetime(2026, 3, 2, tzinfo=UTC)

    def waits(rng: Any, retry_after: float | None = None) -> list[float]:
        return [
            (next_attempt_at(n, now, retry_after=retry_after, rng=rng) - now).total_seconds()
            for n in range(1, 11)
        ]

    assert waits(_Ceiling()) == [1, 2, 4, 8, 16, 32, 64, 128, 256, 300]
    assert waits(_Floor()) == [0] * 10
    jittered = waits(random.Random(7))
    assert all(0 <= w <= backoff_ceiling(n) for n, w in enumerate(jittered, start=1))
    assert len(set(jittered)) == len(jittered)
    assert waits(_Floor(), retry_after=30) == [30] * 10
    assert backoff_ceiling(10_000) == 300
    assert gave_up(now, now + timedelta(seconds=3600), 3600)
    assert not gave_up(now, now + timedelta(seconds=3599), 3600)


def test_retry_after_is_read_as_seconds_or_an_http_date() -> None:
    now = datetime(2026, 3, 2, 8, 0, 0, tzinfo=UTC)
    assert retry_after_seconds("1", now=now) == 1.0
    assert retry_after_seconds("Mon, 02 Mar 2026 08:00:30 GMT", now=now) == 30.0
    assert retry_after_seconds("Mon, 02 Mar 2026 07:00:00 GMT", now=now) == 0.0
    assert retry_after_seconds("soon", now=now) is None
    assert retry_after_seconds(None) is None


async def test_a_responsive_body_acknowledges_updates_and_resolves_in_order(
    department: FakeDepartment,
    http: httpx.AsyncClient,
    stub_api: tuple[StubDepartmentApi, str],
) -> None:
    endpoint = endpoint_for(department, "monmouthshire-cc")
    payload = payload_for("monmouthshire-cc")
    assert (await deliver(http, endpoint, delivery_id="d-11", payload=payload)).ok
    calls = await eventually(lambda: stub_api[0].calls if len(stub_api[0].calls) >= 3 else [])
    assert [(c["body"], c["reference"], c["action"]) for c in calls] == [
        ("monmouthshire-cc", REFERENCE, "acknowledge"),
        ("monmouthshire-cc", REFERENCE, "updates"),
        ("monmouthshire-cc", REFERENCE, "resolve"),
    ]
    assert calls[1]["json"] == {"message": "A crew is booked for Thursday."}
    assert calls[2]["json"]["message"]
    actions = await eventually(lambda: a if len(a := department.actions()) >= 3 else [])
    assert all(a["ok"] for a in actions)


async def test_a_department_retries_its_answer_while_heard_is_unavailable(
    department: FakeDepartment,
    http: httpx.AsyncClient,
    stub_api: tuple[StubDepartmentApi, str],
) -> None:
    stub_api[0].fail_next["acknowledge"] = 2
    department.set_scenario(
        "monmouthshire-cc", ack_after_s=0.0, update_after_s=None, resolve_after_s=None
    )
    endpoint = endpoint_for(department, "monmouthshire-cc")
    payload = payload_for("monmouthshire-cc")
    assert (await deliver(http, endpoint, delivery_id="d-12", payload=payload)).ok
    [action] = await eventually(department.actions, what="the acknowledgement")
    assert (action["action"], action["ok"], action["attempts"]) == ("acknowledge", True, 3)
    assert [c["action"] for c in stub_api[0].calls] == ["acknowledge"]


async def test_a_body_that_is_not_responsible_hands_the_report_back(
    department: FakeDepartment,
    http: httpx.AsyncClient,
    stub_api: tuple[StubDepartmentApi, str],
) -> None:
    endpoint = endpoint_for(department, "cardiff-cc")
    assert (await deliver(http, endpoint, delivery_id="d-13", payload=payload_for("cardiff-cc"))).ok
    [call] = await eventually(lambda: stub_api[0].calls, what="the hand-back")
    assert (call["body"], call["action"]) == ("cardiff-cc", "hand-back")
    assert call["json"]["reason"]
