"""Each body's working-day calendar, from the nation of its area in the directory."""

from __future__ import annotations

import logging

from services.notifier.deadlines import WorkingCalendar
from triage.directory import Directory
from triage.schema import AreasFile

log = logging.getLogger(__name__)


def area_nations(directory: Directory) -> dict[str, str | None]:
    """Area id -> its `nation` property (None where the operator's directory sets none)."""
    # Directory.Area does not carry the nation, so read it from the file Directory.load checked.
    path = directory.folder / "areas.geojson"
    areas = AreasFile.model_validate_json(path.read_text(encoding="utf-8"))
    nations: dict[str, str | None] = {}
    for feature in areas.features:
        nation = (feature.properties.model_extra or {}).get("nation")
        nations[feature.properties.id] = nation if isinstance(nation, str) else None
    return nations


def body_calendars(directory: Directory) -> dict[str, WorkingCalendar]:
    """Body id -> its calendar; logs once the bodies left with weekends only."""
    nations = area_nations(directory)
    calendars: dict[str, WorkingCalendar] = {}
    unknown: list[str] = []
    for body in directory.bodies.values():
        nation = nations.get(body.area)
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
