"""Where a post is about: coordinates, postcodes, places, roads, facilities, then accounts."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from shared.events.classified import Evidence, Location
from shared.events.mention import Mention
from triage import schema as s
from triage.directory import Body, Directory
from triage.gazetteer import (
    HANDLE_RE,
    Match,
    NameIndex,
    Target,
    split_hashtags,
    strip_handles_and_urls,
)

LETTERS_RE = re.compile(r"[A-Z]+")


def _letters(outward: str) -> str:
    """The postcode area letters of an outward code (NP26 -> NP)."""
    found = LETTERS_RE.match(outward)
    return found.group(0) if found else ""


POSTCODE_RE = re.compile(r"\b([A-Z]{1,2}[0-9][A-Z0-9]?)[ \t]*([0-9][A-Z]{2})\b", re.IGNORECASE)
DISTRICT_RE = re.compile(r"\b([A-Z]{1,2}[0-9][A-Z0-9]?)\b", re.IGNORECASE)
NOT_POSTCODES = frozenset({"CO2", "SO2", "NO2", "CH4", "PM10", "PM25"})
ROAD_NUMBER_RE = re.compile(r"\b([AM])[ -]?([0-9]{1,4})(?:[ ]?\(M\))?\b", re.IGNORECASE)


@dataclass
class Located:
    """The location evidence in one post and what it resolves to."""

    location: Location | None = None
    area: str | None = None
    road: s.RoadEntry | None = None
    facility: s.FacilityEntry | None = None
    addressed: list[Body] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)


@dataclass(frozen=True)
class _Postcode:
    written: str
    district: str
    area: str  # an area id or out-of-area
    entry: s.DistrictEntry | None


class Locator:
    """Finds location evidence in a Mention and resolves it to an area of the directory."""

    def __init__(self, directory: Directory) -> None:
        self.d = directory
        self.places = {p.id: p for p in directory.places}
        self.index = NameIndex()
        self.index.outside = {p.id for p in directory.places if p.area == s.OUT_OF_AREA}
        self.index.rivers = {p.id for p in directory.places if p.river}
        for p in directory.places:
            self.index.add(p.name, Target("place", p.id, "name"))
            for how, names in (
                ("welsh", p.welsh),
                ("alias", p.aliases),
                ("misspelling", p.misspellings),
            ):
                for n in names:
                    self.index.add(n, Target("place", p.id, how))
        for r in directory.roads.values():
            if not ROAD_NUMBER_RE.fullmatch(r.name):
                self.index.add(r.name, Target("road", r.id, "name"))
            for n in r.aliases:
                self.index.add(n, Target("road", r.id, "alias"))
        for f in directory.facilities.values():
            for n in (f.name, *f.aliases):
                self.index.add(n, Target("facility", f.id, "name"))
        self.index.freeze()
        self.numbered_roads = {
            r.name.upper().replace(" ", ""): r
            for r in directory.roads.values()
            if ROAD_NUMBER_RE.fullmatch(r.name)
        }
        self.district_letters = {_letters(d) for d in directory.districts}
        self.context = {p.id: self._context_re(p.context) for p in directory.places if p.context}
        self._made_cache: dict[tuple, Any] = {}
        self.area_points = {
            a.id: a.geometry.representative_point() for a in directory.areas.values()
        }

    @staticmethod
    def _context_re(phrases: list[str]) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
        loose = [re.escape(p) for p in phrases if not p.startswith("=")]
        exact = [re.escape(p[1:]) for p in phrases if p.startswith("=")]
        return (
            re.compile(r"\b(?:" + "|".join(loose) + r")\b", re.IGNORECASE) if loose else None,
            re.compile(r"\b(?:" + "|".join(exact) + r")\b") if exact else None,
        )

    def addressed_bodies(self, mention: Mention) -> list[Body]:
        """Official accounts the post addresses, in the order written, one per body."""
        handles = list(mention.mentions) or [m.group(0) for m in HANDLE_RE.finditer(mention.text)]
        if mention.received_by:
            handles.append(mention.received_by)
        bodies: list[Body] = []
        for h in handles:
            b = self.d.body_for_account(h)
            if b is not None and b not in bodies:
                bodies.append(b)
        return bodies

    def postcodes(self, text: str) -> list[_Postcode]:
        """UK postcodes in any case and spacing, and known districts written alone."""
        found: list[_Postcode] = []
        for m in POSTCODE_RE.finditer(text):
            outward = m.group(1).upper()
            letters = _letters(outward)
            if letters not in self.d.postcode_areas:
                continue
            entry = self.d.districts.get(outward)
            written = f"{outward} {m.group(2).upper()}"
            found.append(_Postcode(written, outward, entry.area if entry else s.OUT_OF_AREA, entry))
        if found:
            return found
        for m in DISTRICT_RE.finditer(text):
            outward = m.group(1).upper()
            entry = self.d.districts.get(outward)
            if entry is not None:
                found.append(_Postcode(outward, outward, entry.area, entry))
            elif m.group(1).isupper() and self._outward_elsewhere(outward):
                found.append(_Postcode(outward, outward, s.OUT_OF_AREA, None))
        return found

    def _made(self, model: type[Evidence] | type[Location], **fields: Any) -> Any:
        """A frozen Evidence or Location, shared between posts that give the same one: the same
        place, road or account comes up again and again (hot path, so built unvalidated)."""
        key = (model, *fields.items())
        got = self._made_cache.get(key)
        if got is None:
            if len(self._made_cache) > 50_000:
                self._made_cache.clear()
            got = self._made_cache[key] = model.model_construct(**fields)
        return got

    def _outward_elsewhere(self, outward: str) -> bool:
        """A district written alone in capitals outside the directory: one of our postcode
        areas (SW3), or any two-letter UK area (CF10), less chemistry that looks like one."""
        letters = _letters(outward)
        if outward in NOT_POSTCODES:
            return False
        return letters in self.district_letters or (
            len(letters) == 2 and letters in self.d.postcode_areas
        )

    def locate(self, mention: Mention) -> Located:  # noqa: C901 - one ladder of evidence
        """Resolve the post's location by the contract's order of evidence."""
        out = Located()
        ev = out.evidence
        text = strip_handles_and_urls(mention.text)
        out.addressed = self.addressed_bodies(mention)
        postcodes = self.postcodes(text)
        spelled, hashtags = split_hashtags(text)
        matches = self.index.find(spelled, hashtags)
        roads: list[s.RoadEntry] = []
        motorways_elsewhere: list[str] = []
        for rm in ROAD_NUMBER_RE.finditer(spelled):
            number = f"{rm.group(1)}{rm.group(2)}".upper()
            road = self.numbered_roads.get(number)
            if road is not None and road not in roads:
                roads.append(road)
            elif road is None and number.startswith("M"):
                # The directory lists every motorway in its areas; any other runs elsewhere.
                motorways_elsewhere.append(number)
        facilities: list[s.FacilityEntry] = []
        place_matches: list[Match] = []
        for m in matches:
            kind = m.targets[0].kind
            if kind == "road":
                road = self.d.roads[m.targets[0].id]
                if road not in roads:
                    roads.append(road)
            elif kind == "facility":
                fac = self.d.facilities[m.targets[0].id]
                if fac not in facilities:
                    facilities.append(fac)
            else:
                place_matches.append(m)
        geo_area = None
        if mention.geo is not None:
            geo_area = self.d.area_at(mention.geo.lat, mention.geo.lon) or s.OUT_OF_AREA
        places = self._resolve_places(
            place_matches, spelled, postcodes, geo_area, roads, facilities, out.addressed, ev
        )

        if mention.geo is not None:
            out.area = geo_area
            out.location = self._made(
                Location, lat=mention.geo.lat, lon=mention.geo.lon, source="geo"
            )
            ev.append(
                self._made(
                    Evidence,
                    kind="geo",
                    value=f"{mention.geo.lat},{mention.geo.lon}",
                    detail=f"point falls in {geo_area}",
                )
            )
        elif postcodes:
            pc = postcodes[0]
            out.area = pc.area
            if pc.entry is not None:
                out.location = self._made(
                    Location,
                    lat=pc.entry.lat,
                    lon=pc.entry.lon,
                    source="postcode",
                    place=pc.written,
                )
            ev.append(
                self._made(
                    Evidence,
                    kind="postcode",
                    value=pc.written,
                    detail=f"district {pc.district} -> {pc.area}",
                )
            )
        elif places:
            place, m = self._choose_place(places)
            out.area = place.area
            out.location = self._made(
                Location, lat=place.lat, lon=place.lon, source="place", place=place.name
            )
            how = m.targets[0].how if len({t.id for t in m.targets}) == 1 else "disambiguated"
            tag = " in a hashtag" if m.in_hashtag else ""
            ev.append(
                self._made(
                    Evidence,
                    kind="place",
                    value=m.written,
                    detail=f"{place.name} ({how}{tag}) -> {place.area}",
                )
            )
        elif roads:
            r = roads[0]
            out.area = r.area
            out.location = self._made(Location, lat=r.lat, lon=r.lon, source="road", place=r.name)
        elif motorways_elsewhere:
            out.area = s.OUT_OF_AREA
            ev.append(
                self._made(
                    Evidence,
                    kind="road",
                    value=motorways_elsewhere[0],
                    detail="a motorway outside every area",
                )
            )
        elif facilities:
            f = facilities[0]
            out.area = f.area
            out.location = self._made(
                Location, lat=f.lat, lon=f.lon, source="facility", place=f.name
            )
        elif out.addressed:
            b = out.addressed[0]
            pt = self.area_points[b.area]
            out.area = b.area
            out.location = self._made(
                Location,
                lat=round(pt.y, 5),
                lon=round(pt.x, 5),
                source="account",
                place=self.d.areas[b.area].name,
            )
            ev.append(
                self._made(
                    Evidence,
                    kind="account",
                    value=b.accounts[0] if b.accounts else b.id,
                    detail=f"{b.id}, home area {b.area}",
                )
            )
        for r in roads:
            if r.area == out.area and out.road is None:
                out.road = r
            ev.append(
                self._made(
                    Evidence,
                    kind="road",
                    value=r.name,
                    detail=f"{r.kind} in {r.area}, run by {r.body}",
                )
            )
        for f in facilities:
            if f.area == out.area and out.facility is None:
                out.facility = f
            ev.append(
                self._made(Evidence, kind="facility", value=f.name, detail=f"{f.body} in {f.area}")
            )
        return out

    def _resolve_places(self, matches, text, postcodes, geo_area, roads, facilities, addressed, ev):
        """Each place named, with names that fit several places settled by the rest of the post."""
        plain = {
            self.places[m.targets[0].id].area
            for m in matches
            if len({t.id for t in m.targets}) == 1
        } - {s.OUT_OF_AREA}
        resolved: list[tuple[s.PlaceEntry, Match]] = []
        for m in matches:
            ids = list(dict.fromkeys(t.id for t in m.targets))
            if len(ids) == 1:
                resolved.append((self.places[ids[0]], m))
                continue
            supported = []
            for pid in ids:
                p = self.places[pid]
                why = self._support(
                    p, text, postcodes, geo_area, plain, roads, facilities, addressed
                )
                if why:
                    supported.append((p, why))
            if len(supported) == 1:
                p, why = supported[0]
                resolved.append((p, m))
                ev.append(
                    self._made(
                        Evidence,
                        kind="disambiguation",
                        value=m.written,
                        detail=f"{p.id} ({p.area}) because of {why}",
                    )
                )
            else:
                cands = ", ".join(f"{self.places[i].id} ({self.places[i].area})" for i in ids)
                ev.append(
                    self._made(
                        Evidence,
                        kind="ambiguous",
                        value=m.written,
                        detail=f"could be {cands}; nothing else in the post decides",
                    )
                )
        return resolved

    def _support(self, p, text, postcodes, geo_area, plain, roads, facilities, addressed) -> str:
        loose, exact = self.context.get(p.id, (None, None))
        for rx in (loose, exact):
            if rx is not None and (hit := rx.search(text)):
                return f"'{hit.group(0)}'"
        for pc in postcodes:
            if pc.district in p.postcodes or (p.area != s.OUT_OF_AREA and pc.area == p.area):
                return f"postcode {pc.written}"
        if geo_area == p.area:
            return "the post's coordinates"
        if p.area == s.OUT_OF_AREA:
            return ""
        if p.area in plain:
            return "another place named in the same area"
        for r in roads:
            if r.area == p.area:
                return f"road {r.name}"
        for f in facilities:
            if f.area == p.area:
                return f"facility {f.name}"
        for b in addressed:
            if b.area == p.area:
                return f"addressed account of {b.id}"
        return ""

    @staticmethod
    def _choose_place(places: list[tuple[s.PlaceEntry, Match]]) -> tuple[s.PlaceEntry, Match]:
        """The in-area place most named (ties: the first), else the first place named."""
        inside = [(p, m) for p, m in places if p.area != s.OUT_OF_AREA]
        if not inside:
            return places[0]
        counts: dict[str, int] = {}
        for p, _ in inside:
            counts[p.area] = counts.get(p.area, 0) + 1
        best = max(counts.values())
        return next((p, m) for p, m in inside if counts[p.area] == best)
