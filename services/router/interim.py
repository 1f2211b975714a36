"""Stand-in router until the directory and rules are wired (issue 3): the area's council."""

from __future__ import annotations

from dataclasses import dataclass, field

from shared.events.classified import Classification
from shared.events.routed import ResponsibleBody

_COUNCILS = {
    "monmouthshire": ("monmouthshire-cc", "Monmouthshire County Council"),
    "ards-north-down": ("ards-north-down-bc", "Ards and North Down Borough Council"),
    "westminster": ("westminster-cc", "Westminster City Council"),
}
_POLICE = {
    "monmouthshire": ("gwent-police", "Gwent Police"),
    "ards-north-down": ("psni", "Police Service of Northern Ireland"),
    "westminster": ("met-police", "Metropolitan Police Service"),
}


@dataclass
class Decision:
    bodies: list[ResponsibleBody] = field(default_factory=list)
    needs_location: bool = False


class AreaCouncilRouter:
    def route(self, classification: Classification) -> Decision:
        area = classification.area
        if area not in _COUNCILS:
            return Decision(needs_location=area is None)
        table = _POLICE if classification.category == "crime" else _COUNCILS
        body_id, name = table[area]
        return Decision(bodies=[ResponsibleBody(id=body_id, name=name, rule="interim: area body")])
