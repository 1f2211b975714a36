"""The citizen's status page at /r/{reference}: served for real, read in headless Chromium."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from fastapi import FastAPI
from playwright.sync_api import Page
from pydantic import ValidationError

from services.router.status_page import (
    PublicTimeline,
    TimelineEntry,
    create_status_router,
    render_status_page,
)
from services.router.status_page.render import local_time
from services.router.status_page.words import EN
from tests.support.browser import PHONE, phone, phone_browser, screenshot
from tests.support.mastodon import serve_in_thread

__all__ = ["phone", "phone_browser"]  # fixtures, imported to be found

FIXED = "HRD-7K3M-Q2AB"
EMERGENCY = "HRD-9Z4T-W8NC"
UNKNOWN = "HRD-0000-0000"
COUNCIL = "Monmouthshire County Council"
START = datetime(2025, 11, 25, 14, 5, tzinfo=UTC)

# In the order the page must tell them: (kind, text, minutes after the report).
STORY = [
    ("received", "We received your report.", 0),
    ("routed", f"We passed it to {COUNCIL}.", 0.1),
    ("delivered", f"{COUNCIL} received your report.", 0.2),
    ("acknowledged", f"{COUNCIL} has picked this up.", 19 * 60 + 7),
    ("update", f"Update from {COUNCIL}: A crew is booked for Thursday.", 21 * 60 + 25),
    ("resolved", f"{COUNCIL} says this is sorted. The pothole is filled.", 2 * 24 * 60 + 160),
]


def fixed_report(**changes: object) -> PublicTimeline:
    """A pothole on Frogmore Street, from the report to the fix."""
    entries = [
        TimelineEntry(at=START + timedelta(minutes=minutes), kind=kind, text=text)  # type: ignore[arg-type]
        for kind, text, minutes in STORY
    ]
    values: dict[str, object] = {
        "reference": FIXED,
        "category": "road_defect",
        "urgency": "normal",
        "area": "monmouthshire",
        "place": "Frogmore Street, Abergavenny",
        "bodies": [COUNCIL],
        "status": "resolved",
        "entries": entries,
    }
    return PublicTimeline.model_validate(values | changes)


def emergency_report() -> PublicTimeline:
    """A traffic light knocked down by a lorry, just passed on."""
    return PublicTimeline(
        reference=EMERGENCY,
        category="traffic_signal",
        urgency="emergency",
        area="monmouthshire",
        place="Frogmore Street, Abergavenny",
        bodies=[COUNCIL, "Gwent Police"],
        status="delivered",
        entries=[
            TimelineEntry(at=START, kind="received", text="We received your report."),
            TimelineEntry(
                at=START, kind="routed", text=f"We passed it to {COUNCIL} and Gwent Police."
            ),
            TimelineEntry(at=START, kind="delivered", text="Gwent Police received your report."),
        ],
    )


@dataclass
class Reports:
    """The lookup the router wires in, remembering what it was asked."""

    known: dict[str, PublicTimeline]
    asked: list[str] = field(default_factory=list)

    async def __call__(self, reference: str) -> PublicTimeline | None:
        self.asked.append(reference)
        return self.known.get(reference)


@pytest.fixture(scope="module")
def reports() -> Reports:
    return Reports({FIXED: fixed_report(), EMERGENCY: emergency_report()})


@pytest.fixture(scope="module")
def site(reports: Reports) -> Iterator[str]:
    """The status router in a FastAPI app, served by uvicorn on a free port."""
    app = FastAPI()
    app.include_router(create_status_router(reports))
    server, thread, base_url = serve_in_thread(app)
    try:
        yield base_url
    finally:
        server.should_exit = True
        thread.join(timeout=5)


def visible_text(page: Page) -> str:
    return page.locator("body").inner_text()


def test_a_citizen_follows_a_fixed_report_on_a_phone(site: str, phone: Page) -> None:
    requested: list[str] = []
    phone.on("request", lambda request: requested.append(request.url))
    response = phone.goto(f"{site}/r/{FIXED}")
    assert response is not None and response.status == 200

    text = visible_text(phone)
    positions = [text.find(story_text) for _, story_text, _ in STORY]
    assert -1 not in positions, text
    assert positions == sorted(positions)
    assert phone.locator(".steps li").all_inner_texts() == list(EN.steps)
    assert phone.locator(".steps li.done").count() == 6
    assert "Step 6 of 6: Fixed" in text
    assert COUNCIL in phone.locator(".bodies").inner_text()
    assert "A crew is booked for Thursday." in text
    assert "Road or pavement damage" in text and "25 Nov, 14:05" in text

    assert phone.evaluate("document.scrollingElement.scrollWidth") <= PHONE["width"]
    for selector in ("body", ".timeline p", ".steps li"):
        size = phone.eval_on_selector(selector, "e => parseFloat(getComputedStyle(e).fontSize)")
        assert size >= 16, selector
    # Nothing to run and nothing fetched from elsewhere: one self-contained document.
    assert phone.locator("script").count() == 0
    assert requested == [f"{site}/r/{FIXED}"]
    assert screenshot(phone, "status-page.png").stat().st_size > 10_000


def test_an_unknown_reference_shows_a_page_saying_so(site: str, phone: Page) -> None:
    response = phone.goto(f"{site}/r/{UNKNOWN}")
    assert response is not None and response.status == 404
    assert "We can't find that report" in visible_text(phone)
    assert UNKNOWN in visible_text(phone)


def test_an_emergency_tells_the_citizen_to_call_999_before_anything_else(
    site: str, phone: Page
) -> None:
    phone.goto(f"{site}/r/{EMERGENCY}")
    text = visible_text(phone)
    assert "If anyone is in danger, call 999." in text
    assert text.index("call 999") < text.index("Where it's up to")
    assert "Gwent Police" in text and "Step 3 of 6: Delivered" in text
    screenshot(phone, "status-page-emergency.png")


def test_a_malformed_reference_is_not_found_without_asking_the_router(
    site: str, reports: Reports
) -> None:
    asked_before = list(reports.asked)
    for bad in ("HRD-7K3M-Q2A", "HRD-IL0U-Q2AB", "XYZ-7K3M-Q2AB", "HRD-7K3M-Q2AB-1"):
        assert httpx.get(f"{site}/r/{bad}").status_code == 404
        assert httpx.get(f"{site}/r/{bad}.json").status_code == 404
    assert reports.asked == asked_before


def test_the_page_and_its_json_are_never_cached_and_show_the_same_facts(site: str) -> None:
    page = httpx.get(f"{site}/r/{FIXED.lower()}")
    data = httpx.get(f"{site}/r/{FIXED}.json")
    assert page.status_code == data.status_code == 200
    assert page.headers["cache-control"] == data.headers["cache-control"] == "no-store"
    assert page.headers["content-type"].startswith("text/html")
    assert PublicTimeline.model_validate(data.json()) == fixed_report()
    assert httpx.get(f"{site}/r/{UNKNOWN}.json").json() == {"detail": "no such report"}


def test_welsh_is_served_when_asked_for(site: str) -> None:
    html = httpx.get(f"{site}/r/{FIXED}", params={"lang": "cy"}).text
    assert '<html lang="cy">' in html and "Difrod i&#x27;r ffordd" in html
    assert "25 Tach, 14:05" in html
    welsh_browser = httpx.get(f"{site}/r/{FIXED}", headers={"Accept-Language": "cy,en;q=0.5"})
    assert '<html lang="cy">' in welsh_browser.text


def test_a_message_with_markup_is_shown_as_text() -> None:
    hostile = "<script>alert('x')</script> & <b>bold</b>"
    timeline = fixed_report(
        place='"><img src=x onerror=alert(1)>',
        bodies=["<i>Council</i>"],
        entries=[TimelineEntry(at=START, kind="update", text=f"Update from X: {hostile}")],
    )
    html = render_status_page(timeline)
    assert "<script>" not in html and "<img" not in html and "<i>" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in html


def test_times_are_shown_in_uk_time_through_summer() -> None:
    assert local_time(datetime(2025, 7, 1, 13, 5, tzinfo=UTC), EN) == "1 Jul, 14:05"
    assert local_time(datetime(2025, 11, 25, 14, 5, tzinfo=UTC), EN) == "25 Nov, 14:05"


def test_a_timeline_refuses_private_fields() -> None:
    for private in ({"citizen_handle": "@lowri"}, {"internal_notes": "caller was rude"}):
        with pytest.raises(ValidationError):
            fixed_report(**private)
    with pytest.raises(ValidationError):
        TimelineEntry(at=START, kind="update", text="x", staff_name="Dai")  # type: ignore[call-arg]


def test_an_unknown_category_reads_as_a_question() -> None:
    assert "<h1>Question</h1>" in render_status_page(fixed_report(category="mystery"))
