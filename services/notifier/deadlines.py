"""How long a body has to answer, by urgency, and the ladder of what happens when it does not."""

from __future__ import annotations

from datetime import datetime, timedelta

from pydantic import BaseModel, Field

LEVELS = ("reminder", "duty_contact", "holding_reply")


class DeadlinePolicy(BaseModel):
    """Defaults from the service standard; a body may have its own (HEARD_DEADLINES)."""

    emergency_minutes: float = Field(default=15, gt=0)
    high_hours: float = Field(default=4, gt=0)
    normal_working_days: int = Field(default=2, ge=1)
    low_working_days: int = Field(default=5, ge=1)


def add_working_days(start: datetime, days: int) -> datetime:
    """Skip Saturdays and Sundays (bank holidays are not known here)."""
    moment = start
    while days > 0:
        moment += timedelta(days=1)
        if moment.weekday() < 5:
            days -= 1
    return moment


def deadline_for(start: datetime, urgency: str, policy: DeadlinePolicy) -> datetime:
    if urgency == "emergency":
        return start + timedelta(minutes=policy.emergency_minutes)
    if urgency == "high":
        return start + timedelta(hours=policy.high_hours)
    days = policy.normal_working_days if urgency == "normal" else policy.low_working_days
    return add_working_days(start, days)


def ladder(start: datetime, deadline: datetime) -> list[tuple[str, datetime]]:
    """Reminder at the deadline, the duty contact half a span later, the citizen a span later."""
    span = deadline - start
    return [
        ("reminder", deadline),
        ("duty_contact", deadline + span / 2),
        ("holding_reply", deadline + span),
    ]
