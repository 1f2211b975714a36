"""Generate the labelled corpus: `python -m triage.corpus` writes train.jsonl and heldout.jsonl.

Templates are split, not posts: every fifth template of a label is held out, so the held-out
posts are phrasings the model never saw. The truth (area, bodies) is worked out here from the
contract's table directly, independently of the router, so evaluation checks the router too.
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from shapely.geometry import Point, shape

from triage.corpus import vocab as v
from triage.corpus.cores import (
    CORES,
    CORES_CY,
    EMERGENCY_CLAUSES,
    FRAMES_CY,
    FRAMES_CY_ENQUIRY,
    FRAMES_CY_NONE,
    FRAMES_ENQUIRY,
    FRAMES_NONE,
    FRAMES_REPORT,
    IMPACT,
    IMPACT_GROUP,
    REQUEST,
)
from triage.corpus.perturb import SENTINEL, perturb
from triage.corpus.templates import TEMPLATES

SEED = 20260807
HERE = Path(__file__).resolve().parent.parent
DIRECTORY = HERE / "data" / "directory"
OUT = HERE / "data" / "corpus"
PER_LABEL = 420
PER_LABEL_CORES = 420
PER_LABEL_WELSH = 90
PER_EMERGENCY_CLAUSE = 14
FRAMES_URGENT = [
    "{Core}{where}",
    "{Core}{where}. {impact}",
    "{Core}{where}, {impact}",
    "PSA {core}{where}!! {impact}",
    "Is anyone aware {core}{where}?",
    "Help! {core}{where}",
    "{Core}{where}, please hurry",
    "{Core}{where} 🚨🚨",
    "Need help now, {core}{where}",
]
PER_COMBO_LABEL = 70
HIGHWAY = {"street_light", "road_defect", "flooding", "fallen_tree"}
ROADISH = HIGHWAY | {"traffic_signal", "road_collision"}
WELSH_WORDS = {
    "yn",
    "wedi",
    "ers",
    "mae",
    "ger",
    "ddim",
    "dim",
    "pryd",
    "bob",
    "nawr",
    "heb",
    "ym",
    "y",
    "ar",
    "eu",
    "am",
    "i'r",
    "drwy'r",
    "o",
    "ac",
    "pa",
    "mor",
}
PLATFORMS = ["x", "x", "x", "facebook", "facebook", "mastodon", "bluesky", "open311", "web"]
FIRST = [
    "Lowri",
    "Gareth",
    "Siân",
    "Davy",
    "Ciara",
    "Tom",
    "Aisha",
    "Priya",
    "Ben",
    "Megan",
    "Rhys",
    "Niamh",
    "Kwame",
    "Zofia",
    "Jack",
    "Emma",
    "Olu",
    "Cerys",
    "Sean",
    "Fatima",
]
LAST = [
    "Powell",
    "Jones",
    "Gilmore",
    "McCann",
    "Okafor",
    "Patel",
    "Fletcher",
    "Evans",
    "O'Neill",
    "Nowak",
    "Hughes",
    "Morgan",
    "Campbell",
    "Ahmed",
    "Price",
    "Davies",
]


def _load(name: str) -> dict:
    return json.loads((DIRECTORY / name).read_text())


@dataclass
class World:
    """The sample directory as plain data, for picking locations and working out the truth."""

    places: list[dict] = field(default_factory=list)
    ooa_places: list[dict] = field(default_factory=list)
    districts: list[dict] = field(default_factory=list)
    roads: list[dict] = field(default_factory=list)
    facilities: list[dict] = field(default_factory=list)
    bodies: dict[str, dict] = field(default_factory=dict)
    handles: dict[str, list[str]] = field(default_factory=dict)
    polygons: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def load(cls) -> World:
        w = cls()
        for p in _load("places.json")["places"]:
            if p["id"] in ("bangor-ni", "bangor-gwynedd"):
                continue
            (w.ooa_places if p["area"] == "out-of-area" else w.places).append(p)
        w.districts = _load("postcodes.json")["districts"]
        w.roads = _load("roads.json")["roads"]
        w.facilities = _load("facilities.json")["facilities"]
        w.bodies = {b["id"]: b for b in _load("bodies.json")["bodies"]}
        for a in _load("accounts.json")["accounts"]:
            w.handles.setdefault(a["body"], []).append(a["handle"])
        for f in _load("areas.geojson")["features"]:
            w.polygons[f["properties"]["id"]] = shape(f["geometry"])
        return w

    def area_of(self, lat: float, lon: float) -> str:
        pt = Point(lon, lat)
        return next((a for a, poly in self.polygons.items() if poly.contains(pt)), "out-of-area")

    def body_of_kind(self, area: str, kind: str) -> str:
        return next(
            b
            for b, e in self.bodies.items()
            if e["area"] == area and e["kind"] == kind and not e.get("scope")
        )


def truth_bodies(
    w: World,
    cats: list[str],
    area: str | None,
    road: dict | None,
    facility: dict | None,
    addressed: list[str],
) -> list[str]:
    """The contract's section 6 table, written out by hand (independent of rules.json)."""
    if area in (None, "out-of-area"):
        return []
    furniture = {"traffic_signal", "street_light", "road_defect"}
    routed = [cats[0]]
    if len(cats) > 1 and "road_collision" in cats and furniture & set(cats):
        routed = cats
    on_road = road if road and road["area"] == area else None
    council, police = w.body_of_kind(area, "council"), w.body_of_kind(area, "police")
    out: set[str] = set()
    for c in routed:
        if c == "traffic_signal":
            out.add(
                {
                    "monmouthshire": "swtra" if on_road and on_road["kind"] == "trunk" else council,
                    "ards-north-down": "dfi-roads",
                    "westminster": "tfl",
                }[area]
            )
        elif c in HIGHWAY:
            if area == "monmouthshire":
                out.add("swtra" if on_road and on_road["kind"] == "trunk" else council)
            elif area == "ards-north-down":
                out.add("dfi-roads")
            else:
                out.add("tfl" if on_road and on_road["kind"] == "red_route" else council)
        elif c in ("flytipping", "waste_collection", "street_cleaning", "noise"):
            out.add(council)
        elif c == "antisocial_behaviour":
            out |= {council, police}
        elif c in ("crime", "road_collision"):
            out.add(police)
        elif c == "nhs_service":
            default = {
                "monmouthshire": "aneurin-bevan-uhb",
                "ards-north-down": "south-eastern-hsct",
                "westminster": "imperial-nhs",
            }[area]
            out.add(facility["body"] if facility else default)
        elif c == "general_enquiry":
            mine = [b for b in addressed if w.bodies[b]["area"] == area]
            out.add(mine[0] if mine else council)
    return sorted(out)


def _postcode(rng: random.Random, outward: str) -> str:
    inward = rng.choice(v.INWARD)
    style = rng.random()
    if style < 0.55:
        return f"{outward} {inward}"
    if style < 0.7:
        return f"{outward}{inward}"
    if style < 0.85:
        return f"{outward} {inward}".lower()
    return f"{outward}  {inward}" if style < 0.93 else f"{outward.capitalize()} {inward.lower()}"


def _place_form(rng: random.Random, p: dict) -> tuple[str, bool]:
    """How a person writes a place: name, Welsh name, misspelling, lower case, or a hashtag."""
    r = rng.random()
    if r < 0.12 and p.get("welsh"):
        return rng.choice(p["welsh"]), False
    if r < 0.24 and p.get("misspellings"):
        return rng.choice(p["misspellings"]), False
    if r < 0.30 and p.get("aliases"):
        return rng.choice(p["aliases"]), False
    if r < 0.40:
        return p["name"].lower(), False
    if r < 0.50:
        tag = re.sub(
            r"[^A-Za-z]", "", p["name"].title() if rng.random() < 0.6 else p["name"].lower()
        )
        suffix = rng.choice(["", "", "Life", "Council", "News", "Problems", "Community"])
        return "#" + tag + suffix, True
    return p["name"], False


@dataclass
class Where:
    phrase: str = ""
    area: str | None = None
    road: dict | None = None
    facility: dict | None = None
    geo: tuple[float, float] | None = None
    handles: list[str] = field(default_factory=list)
    hashtag: str = ""
    mode: str = "none"


def pick_where(w: World, rng: random.Random, cats: list[str], welsh: bool, has_hosp: bool) -> Where:  # noqa: C901
    """Choose the location evidence for one post and what it resolves to."""
    report = cats[0] != "none"
    modes = (
        ["place"] * 30
        + ["postcode"] * 11
        + ["district"] * 3
        + ["geo"] * 10
        + ["account"] * 10
        + ["none"] * 6
        + ["ooa_place"] * 7
        + ["ooa_postcode"] * 2
        + ["ooa_geo"] * 2
        + ["bangor"] * 4
    )
    if cats[0] in ROADISH:
        modes += ["road"] * 8 + ["place_road"] * 6
    if has_hosp:
        modes += ["facility"] * 30
    if not report:
        modes = ["place"] * 35 + ["account"] * 12 + ["none"] * 45 + ["ooa_place"] * 8
    mode = rng.choice(modes)
    out = Where(mode=mode)
    prep = (
        (lambda: rng.choice([" yn ", " ger ", ", "]))
        if welsh
        else (
            lambda: rng.choice(
                [
                    " in ",
                    " in ",
                    " near ",
                    ", ",
                    " just outside ",
                    " round ",
                    " by ",
                    " up in ",
                    " at ",
                    " over in ",
                    " down in ",
                ]
            )
        )
    )
    if mode in ("place", "place_road"):
        p = rng.choice(w.places)
        form, is_tag = _place_form(rng, p)
        out.area = p["area"]
        if is_tag:
            out.hashtag = form
        else:
            out.phrase = prep() + form
        if mode == "place_road":
            roads = [r for r in w.roads if r["area"] == p["area"]]
            if roads:
                r = rng.choice(roads)
                out.road = r
                out.phrase = (
                    f" on the {r['name']}"
                    if r["name"][0] in "AM" and r["name"][1].isdigit()
                    else f" on {r['name']}"
                )
                out.phrase += (" near " + form) if not is_tag else ""
    elif mode in ("postcode", "district"):
        d = rng.choice(w.districts)
        out.area = d["area"]
        if mode == "district":
            p = rng.choice([x for x in w.places if x["area"] == d["area"]])
            out.phrase = f"{prep()}{p['name']} {d['district']}"
        else:
            out.phrase = rng.choice([" near ", " at ", ", ", " (", " postcode "]) + _postcode(
                rng, d["district"]
            )
            out.phrase += ")" if out.phrase.startswith(" (") else ""
    elif mode in ("geo", "ooa_geo"):
        if mode == "geo":
            p = rng.choice(w.places)
            base = (p["lat"], p["lon"])
        else:
            base = rng.choice(v.OUT_OF_AREA_POINTS)
        lat = round(base[0] + rng.uniform(-0.003, 0.003), 5)
        lon = round(base[1] + rng.uniform(-0.003, 0.003), 5)
        out.geo = (lat, lon)
        out.area = w.area_of(lat, lon)
    elif mode == "road":
        r = rng.choice(w.roads)
        out.road, out.area = r, r["area"]
        numbered = r["name"][0] in "AM" and r["name"][1].isdigit()
        name = r["name"] if rng.random() < 0.8 or not numbered else r["name"].lower()
        out.phrase = (
            rng.choice([" on the ", " along the ", " on the ", " at the "]) + name
            if numbered
            else rng.choice([" on ", " along ", " at "]) + name
        )
    elif mode == "facility":
        f = rng.choice(w.facilities)
        out.facility, out.area = f, f["area"]
    elif mode == "account":
        body = rng.choice([b for b in w.bodies if w.handles.get(b)])
        out.handles = [rng.choice(w.handles[body])]
        out.area = w.bodies[body]["area"]
    elif mode == "ooa_place":
        out.phrase = prep() + rng.choice(v.OUT_OF_AREA_PLACES)
        out.area = "out-of-area"
    elif mode == "ooa_postcode":
        out.phrase = rng.choice([" near ", " at ", ", "]) + rng.choice(v.OUT_OF_AREA_POSTCODES)
        out.area = "out-of-area"
    elif mode == "bangor":
        how = rng.choice(["co_down", "bt", "account", "gwynedd", "bare"])
        out.phrase = prep() + "Bangor"
        if how == "co_down":
            out.phrase += rng.choice([", Co Down", ", County Down", " (Northern Ireland)", " NI"])
            out.area = "ards-north-down"
        elif how == "bt":
            out.phrase += " " + _postcode(rng, rng.choice(["BT19", "BT20"]))
            out.area = "ards-north-down"
        elif how == "account":
            out.handles = [
                rng.choice(["@PSNIBangor", "@ArdsNorthDown", "@PSNIArdsNDown", "@deptinfra"])
            ]
            out.area = "ards-north-down"
        elif how == "gwynedd":
            out.phrase += rng.choice([", Gwynedd", " in North Wales", " (Gwynedd)", " LL57 1UT"])
            out.area = "out-of-area"
        else:
            out.area = None
    if mode not in ("account", "none", "bangor") and rng.random() < 0.3 and out.area in w.polygons:
        body = rng.choice(
            [b for b, e in w.bodies.items() if e["area"] == out.area and w.handles.get(b)]
        )
        out.handles = [rng.choice(w.handles[body])]
    return out


def expand(template: str, rng: random.Random, fills: dict[str, str]) -> str:
    """Resolve {a|b} choices and {slot}s, innermost first."""
    rx = re.compile(r"\{([^{}]*)\}")
    pools = {
        "street": v.STREETS,
        "landmark": v.LANDMARKS,
        "when": v.WHEN,
        "since": v.SINCE,
        "vehicle": v.VEHICLES,
        "kids": v.KIDS,
        "junction": v.JUNCTIONS,
        "times": v.TIMES_WORD,
        "num": v.NUM,
        "size": v.SIZES,
    }

    def repl(m: re.Match[str]) -> str:
        body = m.group(1)
        if "|" in body:
            return rng.choice(body.split("|"))
        if body in fills:
            return fills[body]
        pool = pools.get(body.lower())
        if pool is None:
            raise KeyError(f"unknown slot {{{body}}} in {template!r}")
        pick = rng.choice(pool)
        return pick[0].upper() + pick[1:] if body[0].isupper() else pick

    while rx.search(template):
        template = rx.sub(repl, template)
    return template


def make_post(w: World, rng: random.Random, label: str, tid: str, template: str, n: int) -> dict:
    """One corpus record: a Mention in the contract's shape, and what triage should say."""
    urgency_code, text = template.split("|", 1)
    cats = label.split("+")
    urgency = {"E": "emergency", "H": "high", "N": "normal", "L": "low"}[urgency_code]
    welsh = len(WELSH_WORDS & set(re.findall(r"[\w']+", text.lower()))) >= 2
    has_hosp = "{hosp}" in text
    where = pick_where(w, rng, cats, welsh, has_hosp)
    fills = {"where": SENTINEL}
    fills["hosp"] = where.facility["name"] if where.facility else rng.choice(v.GENERIC_HOSPITAL)
    if where.facility and rng.random() < 0.4 and where.facility.get("aliases"):
        fills["hosp"] = rng.choice(where.facility["aliases"])
    lead = where.phrase.split(", ")[-1].strip() if where.phrase else ""
    fills["where_lead"] = (
        (lead + " ") if lead and where.mode in ("place", "ooa_place") else "This town "
    )
    if "{where_lead}" in text:
        where.phrase = ""
    fills["facility_plain"] = rng.choice(["the hospital", "A&E", "the surgery", "the ward"])
    body = expand(text, rng, fills)
    if SENTINEL not in body and "{where_lead}" not in text:
        body = body.rstrip(".!? ") + SENTINEL
    mood = {"emergency": "alarm", "high": "angry", "normal": "angry", "low": "happy"}[urgency]
    if cats[0] == "none":
        mood = "happy"
    body = perturb(body, rng, mood=mood)
    body = body.replace(SENTINEL, where.phrase)
    if where.hashtag:
        body = f"{body} {where.hashtag}"
    mentions = []
    for h in where.handles:
        shown = h if rng.random() < 0.85 else h.lower()
        mentions.append(shown)
        body = f"{shown} {body}" if rng.random() < 0.6 else f"{body} {shown}"
    body = re.sub(r"\s{2,}", " ", body).strip() if "  " not in where.phrase else body.strip()
    addressed = [
        b
        for h in where.handles
        for b, hs in w.handles.items()
        if h.lower() in (x.lower() for x in hs)
    ]
    is_report = cats[0] != "none"
    area = where.area
    bodies = truth_bodies(w, cats, area, where.road, where.facility, addressed) if is_report else []
    platform = rng.choice(PLATFORMS)
    first, last = rng.choice(FIRST), rng.choice(LAST)
    mention = {
        "platform": platform,
        "id": f"{tid.replace(':', '-')}-{n}",
        "author": {
            "id": str(rng.randrange(10**9)),
            "handle": f"{first.lower()}{rng.randrange(99)}",
            "display_name": f"{first} {last}",
        },
        "text": body,
        "created_at": f"2026-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}T"
        f"{rng.randrange(24):02d}:{rng.randrange(60):02d}:00+01:00",
        "mentions": mentions,
        "geo": {"lat": where.geo[0], "lon": where.geo[1]} if where.geo else None,
        "media": [],
        "in_reply_to": None,
    }
    expect = {
        "is_report": is_report,
        "category": cats if len(cats) > 1 else (None if not is_report else cats[0]),
        "urgency": urgency if is_report else "low",
        "area": area,
        "bodies": bodies,
        "needs_location": is_report and area is None,
        "template": tid,
        "location_mode": where.mode,
    }
    return {"mention": mention, "expect": expect}


def framed(rng: random.Random, label: str, urgency: str, clause: str, frames: list[str]) -> str:
    """A core clause wrapped in a frame, as a template string."""
    frame = rng.choice(frames)
    text = (
        frame.replace("{Core}", clause[0].upper() + clause[1:])
        .replace("{core}", clause)
        .replace("{impact}", rng.choice(IMPACT[IMPACT_GROUP[label]]))
        .replace("{request}", rng.choice(REQUEST))
        .replace("{n}", str(rng.randrange(2, 30)))
    )
    return f"{urgency}|{text}"


def build(seed: int = SEED) -> tuple[list[dict], list[dict]]:
    """All records, split by template into (train, held-out)."""
    rng = random.Random(seed)
    w = World.load()
    train: list[dict] = []
    heldout: list[dict] = []
    for label, templates in TEMPLATES.items():
        target = PER_COMBO_LABEL if "+" in label else PER_LABEL
        per = max(3, -(-target // len(templates)))
        for i, template in enumerate(templates):
            tid = f"{label}:{i}"
            held = i % 5 == 2
            for n in range(per):
                (heldout if held else train).append(make_post(w, rng, label, tid, template, n))
    groups = [
        (
            label,
            cores,
            "core",
            PER_LABEL_CORES,
            {"none": FRAMES_NONE, "general_enquiry": FRAMES_ENQUIRY}.get(label, FRAMES_REPORT),
        )
        for label, cores in CORES.items()
    ]
    groups += [
        (
            label,
            cores,
            "cy",
            PER_LABEL_WELSH,
            {"none": FRAMES_CY_NONE, "general_enquiry": FRAMES_CY_ENQUIRY}.get(label, FRAMES_CY),
        )
        for label, cores in CORES_CY.items()
    ]
    for label, cores, kind, target, frames in groups:
        per = max(3, -(-target // len(cores)))
        for i, core in enumerate(cores):
            tid = f"{label}:{kind}{i}"
            held = i % 5 == 2
            urgency, clause = core.split("|", 1)
            for n in range(per):
                urgent = FRAMES_URGENT if kind == "core" else frames[:1]
                template = framed(rng, label, urgency, clause, urgent if urgency == "E" else frames)
                (heldout if held else train).append(make_post(w, rng, label, tid, template, n))
    for i, clause in enumerate(EMERGENCY_CLAUSES):
        held = i % 5 == 2
        for n in range(PER_EMERGENCY_CLAUSE):
            label = rng.choice([lab for lab in CORES if lab not in ("none", "general_enquiry")])
            # Cores on the same side of the split as the clause, so held-out stays unseen.
            core = rng.choice([c for j, c in enumerate(CORES[label]) if (j % 5 == 2) == held])
            clause_text = core.split("|", 1)[1]
            joiner = rng.choice([", ", ". ", " and ", "!! ", " - "])
            template = f"E|{clause_text[0].upper()}{clause_text[1:]}{{where}}{joiner}{clause}"
            (heldout if held else train).append(
                make_post(w, rng, label, f"emergency:clause{i}", template, n)
            )
    rng.shuffle(train)
    rng.shuffle(heldout)
    return train, heldout


def write(out: Path = OUT) -> None:
    """Write train.jsonl and heldout.jsonl."""
    train, heldout = build()
    out.mkdir(parents=True, exist_ok=True)
    for name, rows in (("train.jsonl", train), ("heldout.jsonl", heldout)):
        with (out / name).open("w", encoding="utf-8") as fh:
            for r in rows:
                fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"wrote {len(train)} training and {len(heldout)} held-out posts to {out}")
