"""The file formats of a Heard directory: one pydantic model per file, strict about typos."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

CATEGORIES: tuple[str, ...] = (
    "traffic_signal",
    "street_light",
    "road_defect",
    "flooding",
    "fallen_tree",
    "flytipping",
    "waste_collection",
    "street_cleaning",
    "noise",
    "antisocial_behaviour",
    "crime",
    "road_collision",
    "nhs_service",
    "general_enquiry",
)
URGENCIES: tuple[str, ...] = ("emergency", "high", "normal", "low")
OUT_OF_AREA = "out-of-area"

Category = Literal[
    "traffic_signal",
    "street_light",
    "road_defect",
    "flooding",
    "fallen_tree",
    "flytipping",
    "waste_collection",
    "street_cleaning",
    "noise",
    "antisocial_behaviour",
    "crime",
    "road_collision",
    "nhs_service",
    "general_enquiry",
]
Slug = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
BodyKind = Literal["council", "police", "nhs", "highways"]
RoadKind = Literal["trunk", "red_route"]
# Body references a rule may use besides a literal body id.
ROLE_TOKENS = ("$council", "$police", "$road", "$facility", "$addressed")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Point(Strict):
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)


class BodyEntry(Strict):
    id: str = Slug
    name: str = Field(min_length=1)
    kind: BodyKind
    area: str
    scope: str | None = None


class BodiesFile(Strict):
    bodies: list[BodyEntry] = Field(min_length=1)


class AccountEntry(Strict):
    handle: str = Field(pattern=r"^@?[A-Za-z0-9_.]+(@[A-Za-z0-9.-]+)?$")
    body: str


class AccountsFile(Strict):
    accounts: list[AccountEntry]


class PlaceEntry(Point):
    id: str = Slug
    name: str = Field(min_length=1)
    area: str
    welsh: list[str] = Field(default_factory=list)
    aliases: list[str] = Field(default_factory=list)
    misspellings: list[str] = Field(default_factory=list)
    context: list[str] = Field(
        default_factory=list,
        description="Words that, when present, pick this place over another of the same name "
        "('=' prefix: match case-sensitively).",
    )
    postcodes: list[str] = Field(default_factory=list, description="Districts that imply it.")
    river: bool = Field(
        default=False,
        description="Also a river's name: after 'the', 'river' or 'afon' it names the river "
        "('the bridge over the Usk in Newport'), not the place.",
    )


class PlacesFile(Strict):
    places: list[PlaceEntry] = Field(min_length=1)


class DistrictEntry(Point):
    district: str = Field(pattern=r"^[A-Z]{1,2}[0-9][0-9A-Z]?$")
    area: str


class PostcodesFile(Strict):
    postcode_areas: list[str] = Field(description="Every UK postcode area (letters).")
    districts: list[DistrictEntry] = Field(min_length=1)


class RoadEntry(Point):
    id: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9-]*$")
    name: str
    kind: RoadKind
    area: str
    body: str
    aliases: list[str] = Field(default_factory=list)


class RoadsFile(Strict):
    roads: list[RoadEntry]


class FacilityEntry(Point):
    id: str = Slug
    name: str
    aliases: list[str] = Field(default_factory=list)
    body: str
    area: str


class FacilitiesFile(Strict):
    facilities: list[FacilityEntry]


class Condition(Strict):
    road_kind: RoadKind | None = None
    facility: bool | None = None
    addressed: bool | None = None

    def describe(self) -> str:
        """The condition as words for a rule's explanation."""
        parts = []
        if self.road_kind:
            parts.append(f"on a {self.road_kind.replace('_', ' ')}")
        if self.facility:
            parts.append("at a named facility")
        if self.addressed:
            parts.append("an official account addressed")
        return ", ".join(parts)


class RuleEntry(Strict):
    id: str = Slug
    categories: list[Category] = Field(min_length=1)
    area: str = Field(description="An area id, or '*' for every area.")
    when: Condition | None = None
    bodies: list[str] = Field(min_length=1)
    note: str | None = None


class CombineEntry(Strict):
    id: str = Slug
    categories: list[Category] = Field(min_length=1)
    with_: list[Category] = Field(alias="with", min_length=1)
    note: str | None = None


class RulesFile(Strict):
    rules: list[RuleEntry] = Field(min_length=1)
    combine: list[CombineEntry] = Field(default_factory=list)


class AreaProperties(BaseModel):
    model_config = ConfigDict(extra="allow", frozen=True)
    id: str = Slug
    name: str
    # Whose bank holidays count as non-working days for the area's bodies (None: weekends only).
    nation: Literal["england", "wales", "scotland", "northern-ireland"] | None = None


class AreaGeometry(BaseModel):
    model_config = ConfigDict(extra="allow", frozen=True)
    type: Literal["Polygon", "MultiPolygon"]
    coordinates: list


class AreaFeature(BaseModel):
    model_config = ConfigDict(extra="allow", frozen=True)
    type: Literal["Feature"]
    properties: AreaProperties
    geometry: AreaGeometry


class AreasFile(BaseModel):
    model_config = ConfigDict(extra="allow", frozen=True)
    type: Literal["FeatureCollection"]
    features: list[AreaFeature] = Field(min_length=1)


# file name -> (model, key of the entry list, key naming an entry)
FILES: dict[str, tuple[type[BaseModel], str, str]] = {
    "areas.geojson": (AreasFile, "features", "properties"),
    "bodies.json": (BodiesFile, "bodies", "id"),
    "accounts.json": (AccountsFile, "accounts", "handle"),
    "places.json": (PlacesFile, "places", "id"),
    "postcodes.json": (PostcodesFile, "districts", "district"),
    "roads.json": (RoadsFile, "roads", "id"),
    "facilities.json": (FacilitiesFile, "facilities", "id"),
    "rules.json": (RulesFile, "rules", "id"),
}
