"""Each body's working-day calendar, from the nation of its area in the directory."""

from __future__ import annotations

import logging

from services.notifier.deadlines import WorkingCalendar
from triage.directory import Directory

log = logging.getLogger(__name__)


def body_calendars(directory: Directory) -> dict[str, WorkingCalendar]:
    """Body id -> its calendar; logs once the bodies left with weekends only."""
    calendars: dict[str, WorkingCalendar] = {}
    unknown: list[str] = []
    for body in directory.bodies.values():
        area = directory.areas.get(body.area)
        nation = area.nation if area is not None else None
        calendars[body.id] = WorkingCalendar.for_nation(nation)
        if calendars[body.id].subdivision is None:
            unknown.append(f"{body.id} (area {body.area!r}, nation {nation!r})")
    if unknown:
        log.warning(
            "No bank-holiday calendar, so working days skip weekends only, for: %s. "
            "Set each area's nation (england, wales, scotland, northern-ireland) in areas.geojson.",
            "; ".join(unknown),
        )
    return calendars
