"""Stand-in assessor until the trained triage model is wired (issue 3): keywords and accounts."""

from __future__ import annotations

from shared.events.classified import Classification, Evidence
from shared.events.mention import Mention

_CATEGORIES = {
    "traffic_signal": ("traffic light", "signal"),
    "street_light": ("street light", "streetlight", "lamp"),
    "road_defect": ("pothole", "road surface", "sign"),
    "flooding": ("flood", "drain"),
    "fallen_tree": ("tree", "branch"),
    "flytipping": ("dumped", "fly tip", "flytip", "mattress"),
    "waste_collection": ("bin", "recycling"),
    "street_cleaning": ("litter", "graffiti", "glass"),
    "crime": ("stolen", "theft", "burglary", "dealing"),
}
_AREAS = {
    "monmouthshirecc": "monmouthshire",
    "gwentpolice": "monmouthshire",
    "ardsnorthdown": "ards-north-down",
    "psnibangor": "ards-north-down",
    "citywestminster": "westminster",
    "tfl": "westminster",
    "metpoliceuk": "westminster",
}


class KeywordAssessor:
    def assess(self, mention: Mention, *, report_id: str) -> Classification:
        text = mention.text.lower()
        category = next(
            (c for c, words in _CATEGORIES.items() if any(w in text for w in words)),
            "general_enquiry",
        )
        accounts = [m.lstrip("@").split("@")[0].lower() for m in mention.mentions]
        area = next((_AREAS[a] for a in accounts if a in _AREAS), None)
        return Classification(
            report_id=report_id,
            mention=mention,
            is_report=True,
            category=category,
            urgency="normal",
            area=area,
            evidence=[Evidence(kind="account", value=a) for a in accounts if a in _AREAS],
            classifier="interim-keywords",
        )
