"""The directory of bodies, areas, places and rules: loaded from files and checked at start-up."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from shapely import STRtree
from shapely.geometry import Point as ShapelyPoint
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from triage import schema as s

PACKAGED_DIRECTORY = Path(__file__).parent / "data" / "directory"
ENV_VAR = "HEARD_DIRECTORY"


class DirectoryError(Exception):
    """A directory file is missing, unreadable or inconsistent; the message names file and entry."""


@dataclass(frozen=True)
class Body:
    id: str
    name: str
    kind: str
    area: str
    scope: str | None = None
    accounts: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Area:
    id: str
    name: str
    geometry: BaseGeometry
    nation: str | None = None


def directory_path_from_env(explicit: Path | None = None) -> Path | None:
    """The folder to use: an explicit path, else $HEARD_DIRECTORY, else None (packaged)."""
    if explicit is not None:
        return explicit
    value = os.environ.get(ENV_VAR, "").strip()
    return Path(value) if value else None


def handle_key(handle: str) -> str:
    """Normalise a handle for lookup: no leading '@', no Mastodon domain, lower case."""
    local = handle.strip().lstrip("@").split("@", 1)[0]
    return local.lower()


def _entry_label(raw: Any, list_key: str, name_key: str, index: int) -> str:
    try:
        item = raw[list_key][index]
        name = item.get(name_key)
        if isinstance(name, dict):
            name = name.get("id")
    except (KeyError, IndexError, TypeError, AttributeError):
        name = None
    return f"{list_key}[{index}]" + (f" ({name!r})" if name else "")


def _format_validation(file: str, raw: Any, exc: ValidationError, list_key: str, name_key: str):
    problems = []
    for err in exc.errors():
        loc = list(err["loc"])
        if len(loc) >= 2 and loc[0] == list_key and isinstance(loc[1], int):
            where = _entry_label(raw, list_key, name_key, loc[1])
            rest = ".".join(str(p) for p in loc[2:]) or "entry"
        else:
            where = "top level"
            rest = ".".join(str(p) for p in loc) or "document"
        problems.append(f"{file}: entry {where}: {rest}: {err['msg']}")
    return problems


def _read(folder: Path, name: str) -> BaseModel:
    model, list_key, name_key = s.FILES[name]
    path = folder / name
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DirectoryError(f"{path}: entry (file): file is missing") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise DirectoryError(f"{path}: entry (file): cannot be read: {exc}") from None
    except json.JSONDecodeError as exc:
        raise DirectoryError(
            f"{path}: entry (line {exc.lineno}, column {exc.colno}): not valid JSON: {exc.msg}"
        ) from None
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        lines = _format_validation(str(path), raw, exc, list_key, name_key)
        raise DirectoryError("\n".join(lines)) from None


class Directory:
    """Everything Heard knows about who is responsible where, validated as a whole."""

    def __init__(self, folder: Path, files: dict[str, BaseModel]) -> None:
        self.folder = folder
        areas_file: s.AreasFile = files["areas.geojson"]  # type: ignore[assignment]
        self.areas: dict[str, Area] = {}
        problems: list[str] = []
        for i, feature in enumerate(areas_file.features):
            label = f"{folder / 'areas.geojson'}: entry features[{i}] ({feature.properties.id!r})"
            try:
                geom = shape(feature.geometry.model_dump())
            except Exception as exc:  # shapely raises several types for bad coordinates
                problems.append(f"{label}: geometry: cannot be read: {exc}")
                continue
            if not geom.is_valid or geom.is_empty:
                problems.append(f"{label}: geometry: polygon is invalid or empty")
                continue
            if feature.properties.id in self.areas:
                problems.append(f"{label}: id: duplicate area id")
            self.areas[feature.properties.id] = Area(
                feature.properties.id, feature.properties.name, geom, feature.properties.nation
            )
        self._area_ids = list(self.areas)
        self._tree = STRtree([a.geometry for a in self.areas.values()])

        bodies_file: s.BodiesFile = files["bodies.json"]  # type: ignore[assignment]
        accounts_file: s.AccountsFile = files["accounts.json"]  # type: ignore[assignment]
        self._handles: dict[str, str] = {}
        handles_by_body: dict[str, list[str]] = {}
        for acc in accounts_file.accounts:
            handles_by_body.setdefault(acc.body, []).append(acc.handle)
        self.bodies: dict[str, Body] = {}
        for b in bodies_file.bodies:
            self.bodies[b.id] = Body(
                b.id, b.name, b.kind, b.area, b.scope, handles_by_body.get(b.id, [])
            )
        self.places: list[s.PlaceEntry] = files["places.json"].places  # type: ignore[attr-defined]
        postcodes: s.PostcodesFile = files["postcodes.json"]  # type: ignore[assignment]
        self.postcode_areas = frozenset(postcodes.postcode_areas)
        self.districts: dict[str, s.DistrictEntry] = {d.district: d for d in postcodes.districts}
        self.roads: dict[str, s.RoadEntry] = {r.id: r for r in files["roads.json"].roads}  # type: ignore[attr-defined]
        self.facilities: dict[str, s.FacilityEntry] = {
            f.id: f
            for f in files["facilities.json"].facilities  # type: ignore[attr-defined]
        }
        rules: s.RulesFile = files["rules.json"]  # type: ignore[assignment]
        self.rules = rules.rules
        self.combine = rules.combine
        problems += self._check(files, handles_by_body, accounts_file)
        if problems:
            raise DirectoryError("\n".join(problems))

    @classmethod
    def load(cls, path: Path | None = None) -> Directory:
        """Load and validate a directory folder (None: the one Heard ships)."""
        folder = Path(path) if path is not None else PACKAGED_DIRECTORY
        if not folder.is_dir():
            raise DirectoryError(f"{folder}: entry (folder): not a directory folder")
        return cls(folder, {name: _read(folder, name) for name in s.FILES})

    def body(self, body_id: str) -> Body:
        """The body with this id (KeyError if unknown)."""
        return self.bodies[body_id]

    def body_for_account(self, handle: str) -> Body | None:
        """The body that owns an official account, matched case-insensitively."""
        body_id = self._handles.get(handle_key(handle))
        return self.bodies[body_id] if body_id else None

    def area_at(self, lat: float, lon: float) -> str | None:
        """The area whose polygon contains the point, or None."""
        pt = ShapelyPoint(lon, lat)
        for idx in self._tree.query(pt, predicate="intersects"):
            return self._area_ids[int(idx)]
        return None

    def role_body(self, area: str, kind: str) -> Body | None:
        """The single body of a kind in an area ($council, $police), if exactly one."""
        found = [b for b in self.bodies.values() if b.area == area and b.kind == kind]
        return found[0] if len(found) == 1 else None

    def _check(self, files, handles_by_body, accounts_file) -> list[str]:  # noqa: C901
        f = self.folder
        problems: list[str] = []
        area_ids = set(self.areas)

        def bad(file: str, entry: str, problem: str) -> None:
            problems.append(f"{f / file}: entry {entry}: {problem}")

        seen: set[str] = set()
        for i, b in enumerate(files["bodies.json"].bodies):
            if b.id in seen:
                bad("bodies.json", f"bodies[{i}] ({b.id!r})", "id: duplicate body id")
            seen.add(b.id)
            if b.area not in area_ids:
                bad("bodies.json", f"bodies[{i}] ({b.id!r})", f"area: unknown area {b.area!r}")
        for i, acc in enumerate(accounts_file.accounts):
            label = f"accounts[{i}] ({acc.handle!r})"
            if acc.body not in self.bodies:
                bad("accounts.json", label, f"body: unknown body {acc.body!r}")
            key = handle_key(acc.handle)
            if key in self._handles and self._handles[key] != acc.body:
                bad("accounts.json", label, "handle: already belongs to another body")
            self._handles[key] = acc.body
        known_areas = area_ids | {s.OUT_OF_AREA}
        seen = set()
        for i, p in enumerate(self.places):
            label = f"places[{i}] ({p.id!r})"
            if p.id in seen:
                bad("places.json", label, "id: duplicate place id")
            seen.add(p.id)
            if p.area not in known_areas:
                bad("places.json", label, f"area: unknown area {p.area!r}")
                continue
            inside = self.area_at(p.lat, p.lon)
            expected = None if p.area == s.OUT_OF_AREA else p.area
            if inside != expected:
                where = f"inside {inside!r}" if inside else "outside every area polygon"
                bad("places.json", label, f"lat/lon: point is {where}, but area is {p.area!r}")
        for i, d in enumerate(files["postcodes.json"].districts):
            label = f"districts[{i}] ({d.district!r})"
            if d.area not in area_ids:
                bad("postcodes.json", label, f"area: unknown area {d.area!r}")
            elif self.area_at(d.lat, d.lon) != d.area:
                bad("postcodes.json", label, f"lat/lon: point is not inside area {d.area!r}")
        located: list[tuple[str, list[s.RoadEntry | s.FacilityEntry], str]] = [
            ("roads.json", list(self.roads.values()), "roads"),
            ("facilities.json", list(self.facilities.values()), "facilities"),
        ]
        for name, entries, list_key in located:
            for i, e in enumerate(entries):
                label = f"{list_key}[{i}] ({e.id!r})"
                if e.body not in self.bodies:
                    bad(name, label, f"body: unknown body {e.body!r}")
                if e.area not in area_ids:
                    bad(name, label, f"area: unknown area {e.area!r}")
        problems += self._check_rules()
        return problems

    def _check_rules(self) -> list[str]:
        problems: list[str] = []
        file = self.folder / "rules.json"
        seen: set[str] = set()
        for i, r in enumerate(self.rules):
            label = f"{file}: entry rules[{i}] ({r.id!r})"
            if r.id in seen:
                problems.append(f"{label}: id: duplicate rule id")
            seen.add(r.id)
            if r.area != "*" and r.area not in self.areas:
                problems.append(f"{label}: area: unknown area {r.area!r}")
                continue
            for ref in r.bodies:
                if ref.startswith("$"):
                    if ref not in s.ROLE_TOKENS:
                        problems.append(f"{label}: bodies: unknown role {ref!r}")
                    elif ref in ("$council", "$police"):
                        areas = self.areas if r.area == "*" else [r.area]
                        for a in areas:
                            if self.role_body(a, ref[1:]) is None:
                                problems.append(
                                    f"{label}: bodies: {ref} needs exactly one {ref[1:]} body "
                                    f"in area {a!r}"
                                )
                    elif ref == "$road" and not (r.when and r.when.road_kind):
                        problems.append(f"{label}: bodies: $road needs a when.road_kind condition")
                    elif ref == "$facility" and not (r.when and r.when.facility):
                        problems.append(f"{label}: bodies: $facility needs when.facility")
                    elif ref == "$addressed" and not (r.when and r.when.addressed):
                        problems.append(f"{label}: bodies: $addressed needs when.addressed")
                elif ref not in self.bodies:
                    problems.append(f"{label}: bodies: unknown body {ref!r}")
        for cat in s.CATEGORIES:
            for area in self.areas:
                if not any(
                    cat in r.categories and r.area in ("*", area) and r.when is None
                    for r in self.rules
                ):
                    problems.append(
                        f"{file}: entry rules: no unconditional rule routes {cat!r} in {area!r}"
                    )
        return problems
