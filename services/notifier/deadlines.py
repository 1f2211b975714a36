"""How long a body has to answer, by urgency, and the ladder of what happens when it does not."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import holidays
from pydantic import BaseModel, Field

LEVELS = ("reminder", "duty_contact", "holding_reply")
LONDON = ZoneInfo("Europe/London")
# The directory's nations -> the holidays package's subdivisions of GB.
SUBDIVISIONS = {"england": "ENG", "wales": "WLS", "northern-ireland": "NIR", "scotland": "SCT"}


class DeadlinePolicy(BaseModel):
    """Defaults from the service standard; a body may have its own (HEARD_DEADLINES)."""

    emergency_minutes: float = Field(default=15, gt=0)
    high_hours: float = Field(default=4, gt=0)
    normal_working_days: int = Field(default=2, ge=1)
    low_working_days: int = Field(default=5, ge=1)


@functools.cache
def bank_holidays(subdivision: str) -> holidays.HolidayBase:
    """One calendar per subdivision, shared; it fills in each year the first time one is asked."""
    return holidays.country_holidays("GB", subdiv=subdivision)


@dataclass(frozen=True)
class WorkingCalendar:
    """A body's working days: weekdays on its local calendar, less its nation's bank holidays."""

    subdivision: str | None = None  # ENG, WLS, NIR or SCT; None knows weekends only
    tz: ZoneInfo = LONDON

    @classmethod
    def for_nation(cls, nation: str | None) -> WorkingCalendar:
        """The calendar of a directory nation (wales, ...); weekends only if unknown or None."""
        return cls(SUBDIVISIONS.get((nation or "").strip().lower()))

    def is_working_day(self, day: date) -> bool:
        """Neither a Saturday, a Sunday nor (where the nation is known) a bank holiday."""
        if day.weekday() >= 5:
            return False
        return self.subdivision is None or day not in bank_holidays(self.subdivision)


WEEKENDS_ONLY = WorkingCalendar()


def add_working_days(start: datetime, days: int, calendar: WorkingCalendar) -> datetime:
    """The same local time of day on the `days`-th following working day, in start's tz."""
    if start.tzinfo is None:
        raise ValueError("start must carry a time zone")
    local = start.astimezone(calendar.tz)
    day = local.date()
    while days > 0:
        day += timedelta(days=1)
        if calendar.is_working_day(day):
            days -= 1
    # Counted on local dates, so a clock change in between keeps the time of day.
    return datetime.combine(day, local.time(), calendar.tz).astimezone(start.tzinfo)


def deadline_for(
    start: datetime, urgency: str, policy: DeadlinePolicy, calendar: WorkingCalendar
) -> datetime:
    """When the body should have answered: minutes or hours if urgent, else working days."""
    if urgency == "emergency":
        return start + timedelta(minutes=policy.emergency_minutes)
    if urgency == "high":
        return start + timedelta(hours=policy.high_hours)
    days = policy.normal_working_days if urgency == "normal" else policy.low_working_days
    return add_working_days(start, days, calendar)


def ladder(start: datetime, deadline: datetime) -> list[tuple[str, datetime]]:
    """Reminder at the deadline, the duty contact half a span later, the citizen a span later."""
    span = deadline - start
    return [
        ("reminder", deadline),
        ("duty_contact", deadline + span / 2),
        ("holding_reply", deadline + span),
    ]
