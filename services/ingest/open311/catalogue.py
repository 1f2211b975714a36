"""The Open311 service list: Heard's fourteen report categories as GeoReport v2 services."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from pydantic import BaseModel, ConfigDict


class Open311Service(BaseModel):
    """One entry of GET /services: a category a citizen can report."""

    model_config = ConfigDict(frozen=True)

    service_code: str
    service_name: str
    description: str
    keywords: str
    group: str
    type: Literal["realtime", "batch", "blackbox"] = "realtime"
    metadata: bool = False


def _service(code: str, name: str, group: str, description: str, keywords: str) -> Open311Service:
    return Open311Service(
        service_code=code,
        service_name=name,
        group=group,
        description=description,
        keywords=keywords,
    )


# Codes are the triage taxonomy's categories, so a request's code is already its category.
DEFAULT_SERVICES: tuple[Open311Service, ...] = (
    _service(
        "traffic_signal",
        "Traffic lights",
        "roads",
        "Traffic lights or pedestrian-crossing lights out, stuck or damaged.",
        "traffic lights, signals, pedestrian crossing, stuck on red",
    ),
    _service(
        "street_light",
        "Street lights",
        "roads",
        "A street lamp out, flickering, on all day, or a damaged column.",
        "street light, lamp, lamppost, flickering, dark",
    ),
    _service(
        "road_defect",
        "Potholes and road damage",
        "roads",
        "A pothole, broken road surface or kerb, or a damaged or missing road sign.",
        "pothole, road surface, kerb, pavement, road sign",
    ),
    _service(
        "flooding",
        "Flooding and drains",
        "roads",
        "A flooded road or path, or a blocked drain or gully.",
        "flood, flooding, drain, gully, standing water",
    ),
    _service(
        "fallen_tree",
        "Fallen trees",
        "roads",
        "A tree or large branch down, or about to fall, on a road or path.",
        "tree, branch, fallen, blocking",
    ),
    _service(
        "flytipping",
        "Fly-tipping",
        "environment",
        "Dumped rubbish, mattresses, rubble or tyres.",
        "flytipping, fly-tipping, dumped rubbish, mattress, rubble, tyres",
    ),
    _service(
        "waste_collection",
        "Bins and collections",
        "environment",
        "A missed bin, recycling not collected, or an overflowing public bin.",
        "bin, missed collection, recycling, rubbish, waste",
    ),
    _service(
        "street_cleaning",
        "Litter, graffiti and street cleaning",
        "environment",
        "Litter, broken glass, dog fouling or graffiti.",
        "litter, graffiti, dog fouling, broken glass, cleaning",
    ),
    _service(
        "noise",
        "Noise",
        "community safety",
        "Loud music, parties, alarms or night-time works.",
        "noise, loud music, party, alarm, night works",
    ),
    _service(
        "antisocial_behaviour",
        "Antisocial behaviour",
        "community safety",
        "Groups causing trouble, intimidation, or nuisance motorbikes.",
        "antisocial behaviour, ASB, intimidation, nuisance bikes",
    ),
    _service(
        "crime",
        "Crime (non-emergency)",
        "community safety",
        "Theft, burglary, drug dealing or vandalism. If it is happening now, call 999.",
        "crime, theft, burglary, drugs, vandalism",
    ),
    _service(
        "road_collision",
        "Road collisions",
        "community safety",
        "A crash: a vehicle hit something or someone. If anyone is hurt, call 999.",
        "collision, crash, accident, vehicle",
    ),
    _service(
        "nhs_service",
        "NHS services",
        "health",
        "Hospital, A&E, GP or ambulance waits, and hospital facilities.",
        "NHS, hospital, A&E, GP, ambulance",
    ),
    _service(
        "general_enquiry",
        "General enquiries",
        "general",
        "A question or request for information for a public body.",
        "question, enquiry, information",
    ),
)


class Catalogue:
    """The services on offer, looked up by code."""

    def __init__(self, services: Iterable[Open311Service]) -> None:
        self.services = tuple(services)
        self._by_code = {service.service_code: service for service in self.services}
        if len(self._by_code) != len(self.services):
            raise ValueError("service codes must be unique")

    def get(self, code: str) -> Open311Service | None:
        """The service with this code, or None."""
        return self._by_code.get(code)
