"""Working-day deadlines on each body's own calendar: its nation's bank holidays, UK local time."""

from __future__ import annotations

import json
import logging
import shutil
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from services.notifier.calendars import body_calendars
from services.notifier.context import NotifierContext
from services.notifier.deadlines import (
    WEEKENDS_ONLY,
    DeadlinePolicy,
    WorkingCalendar,
    add_working_days,
    bank_holidays,
    deadline_for,
)
from services.notifier.handlers import acknowledge_report
from services.notifier.repository import NotifierRepository
from services.notifier.wording import Wording
from shared.events.classified import Classification
from shared.events.envelope import Event
from shared.events.mention import Author, Mention
from shared.events.routed import ReportRouted, ResponsibleBody, Routing
from triage.directory import PACKAGED_DIRECTORY, Directory

ENGLAND = WorkingCalendar.for_nation("england")
WALES = WorkingCalendar.for_nation("wales")
NORTHERN_IRELAND = WorkingCalendar.for_nation("northern-ireland")


def test_christmas_eve_in_england_waits_out_christmas_and_the_boxing_day_substitute() -> None:
    # 2026: Christmas Friday, Boxing Day Saturday, so its substitute is Monday 28th.
    assert bank_holidays("ENG").get(date(2026, 12, 25)) == "Christmas Day"
    assert bank_holidays("ENG").get(date(2026, 12, 28)) == "Boxing Day (observed)"
    christmas_eve = datetime(2026, 12, 24, 10, 0, tzinfo=UTC)  # Thursday, GMT
    assert add_working_days(christmas_eve, 1, ENGLAND) == datetime(2026, 12, 29, 10, 0, tzinfo=UTC)
    assert add_working_days(christmas_eve, 2, ENGLAND) == datetime(2026, 12, 30, 10, 0, tzinfo=UTC)


def test_st_patricks_day_is_skipped_in_northern_ireland_but_not_in_wales() -> None:
    tuesday = datetime(2027, 3, 16, 9, 0, tzinfo=UTC)
    assert add_working_days(tuesday, 1, NORTHERN_IRELAND) == datetime(2027, 3, 18, 9, 0, tzinfo=UTC)
    assert add_working_days(tuesday, 1, WALES) == datetime(2027, 3, 17, 9, 0, tzinfo=UTC)


def test_the_boyne_holiday_on_a_sunday_is_observed_on_the_monday_in_northern_ireland() -> None:
    assert bank_holidays("NIR").get(date(2026, 7, 13)) == "Battle of the Boyne (observed)"
    friday = datetime(2026, 7, 10, 13, 0, tzinfo=UTC)  # 14:00 BST
    assert add_working_days(friday, 1, NORTHERN_IRELAND) == datetime(2026, 7, 14, 13, 0, tzinfo=UTC)
    assert add_working_days(friday, 1, ENGLAND) == datetime(2026, 7, 13, 13, 0, tzinfo=UTC)


def test_a_clock_change_over_the_weekend_keeps_the_local_time_of_day() -> None:
    # Clocks go forward on 29 March 2026 and back on 25 October 2026: 09:30 stays 09:30.
    spring = add_working_days(datetime(2026, 3, 27, 9, 30, tzinfo=UTC), 1, WALES)
    assert spring == datetime(2026, 3, 30, 8, 30, tzinfo=UTC)
    autumn = add_working_days(datetime(2026, 10, 23, 8, 30, tzinfo=UTC), 1, WALES)
    assert autumn == datetime(2026, 10, 26, 9, 30, tzinfo=UTC)
    assert autumn.utcoffset() == timedelta(0)


def test_working_days_count_from_the_local_date_not_the_utc_one() -> None:
    # 23:30 UTC on Thursday 9 July is already Friday 10 July in Belfast.
    late = datetime(2026, 7, 9, 23, 30, tzinfo=UTC)
    assert add_working_days(late, 1, NORTHERN_IRELAND) == datetime(2026, 7, 13, 23, 30, tzinfo=UTC)


def test_a_body_without_a_known_nation_skips_weekends_only() -> None:
    assert WorkingCalendar.for_nation(None) == WEEKENDS_ONLY
    assert WorkingCalendar.for_nation("atlantis") == WEEKENDS_ONLY
    christmas_eve = datetime(2026, 12, 24, 10, 0, tzinfo=UTC)
    assert add_working_days(christmas_eve, 2, WEEKENDS_ONLY) == datetime(
        2026, 12, 28, 10, 0, tzinfo=UTC
    )


def test_only_normal_and_low_urgency_wait_for_working_days() -> None:
    christmas_eve = datetime(2026, 12, 24, 10, 0, tzinfo=UTC)
    policy = DeadlinePolicy()
    assert deadline_for(christmas_eve, "emergency", policy, ENGLAND) == christmas_eve + timedelta(
        minutes=15
    )
    assert deadline_for(christmas_eve, "high", policy, ENGLAND) == christmas_eve + timedelta(
        hours=4
    )
    assert deadline_for(christmas_eve, "normal", policy, ENGLAND) == datetime(
        2026, 12, 30, 10, 0, tzinfo=UTC
    )
    # Low: 29, 30, 31 Dec, then New Year's Day is skipped: 4 and 5 Jan.
    assert deadline_for(christmas_eve, "low", policy, ENGLAND) == datetime(
        2027, 1, 5, 10, 0, tzinfo=UTC
    )


def test_a_start_without_a_time_zone_is_refused() -> None:
    with pytest.raises(ValueError, match="time zone"):
        add_working_days(datetime(2026, 12, 24, 10, 0), 2, ENGLAND)


def test_each_packaged_body_gets_the_calendar_of_its_areas_nation(caplog) -> None:
    with caplog.at_level(logging.WARNING, logger="services.notifier.calendars"):
        calendars = body_calendars(Directory.load())
    assert calendars["monmouthshire-cc"].subdivision == "WLS"
    assert calendars["psni"].subdivision == "NIR"
    assert calendars["tfl"].subdivision == "ENG"
    assert not caplog.records


def test_bodies_whose_area_has_no_nation_fall_back_to_weekends_and_are_named_once(
    tmp_path: Path, caplog
) -> None:
    folder = tmp_path / "directory"
    shutil.copytree(PACKAGED_DIRECTORY, folder)
    areas = json.loads((folder / "areas.geojson").read_text(encoding="utf-8"))
    for feature in areas["features"]:
        if feature["properties"]["id"] == "westminster":
            del feature["properties"]["nation"]
    (folder / "areas.geojson").write_text(json.dumps(areas), encoding="utf-8")

    with caplog.at_level(logging.WARNING, logger="services.notifier.calendars"):
        calendars = body_calendars(Directory.load(folder))

    assert calendars["westminster-cc"] == WEEKENDS_ONLY
    assert calendars["monmouthshire-cc"] == WALES
    [record] = caplog.records
    assert "westminster-cc" in record.getMessage()
    assert "monmouthshire-cc" not in record.getMessage()


class StoppedClock:
    def __init__(self, at: datetime) -> None:
        self.at = at

    def now(self) -> datetime:
        return self.at


async def _ignore(event: Event) -> None:
    return None


async def test_each_body_of_a_report_gets_its_own_nations_deadline(migrated) -> None:
    friday = datetime(2026, 7, 10, 13, 0, tzinfo=UTC)
    mention = Mention(
        platform="web",
        id="w-1",
        author=Author(id="1", handle="citizen"),
        text="Broken street light",
        created_at=friday,
    )
    routing = Routing(
        report_id="r-boyne",
        reference="HRD-BOYN-E1",
        classification=Classification(
            report_id="r-boyne", mention=mention, is_report=True, urgency="normal"
        ),
        bodies=[
            ResponsibleBody(id="westminster-cc", name="Westminster", rule="test"),
            ResponsibleBody(id="ards-north-down-bc", name="Ards and North Down", rule="test"),
        ],
    )
    ctx = NotifierContext(
        repository=NotifierRepository(await migrated("notifier")),
        publishers={},
        wording=Wording.load(),
        publish=_ignore,
        clock=StoppedClock(friday),
        calendars=body_calendars(Directory.load()),
    )

    await acknowledge_report(ReportRouted.create(routing, correlation_id="r-boyne"), ctx=ctx)

    # SQLite hands the stored datetimes back without their UTC zone.
    reminders = {
        t.body_id: t.deadline.replace(tzinfo=t.deadline.tzinfo or UTC)
        for t in await ctx.repository.timers("r-boyne")
        if t.level == "reminder"
    }
    # Two working days: England's are 13 and 14 July, Northern Ireland's 14 and 15.
    assert reminders == {
        "westminster-cc": datetime(2026, 7, 14, 13, 0, tzinfo=UTC),
        "ards-north-down-bc": datetime(2026, 7, 15, 13, 0, tzinfo=UTC),
    }
