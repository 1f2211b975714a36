"""Every row of the responsibility table (rules.json), and what happens when no row can apply."""

from __future__ import annotations

import json

import pytest

from triage.directory import PACKAGED_DIRECTORY

# (rule id, category, area, extra classification fields, expected bodies)
CASES = [
    ("signals-trunk-road", "traffic_signal", "monmouthshire", {"road": "A465"}, ["swtra"]),
    ("signals-monmouthshire", "traffic_signal", "monmouthshire", {}, ["monmouthshire-cc"]),
    ("signals-ards-north-down", "traffic_signal", "ards-north-down", {}, ["dfi-roads"]),
    ("signals-westminster", "traffic_signal", "westminster", {}, ["tfl"]),
    ("highway-trunk-road", "road_defect", "monmouthshire", {"road": "M4"}, ["swtra"]),
    ("highway-monmouthshire", "street_light", "monmouthshire", {}, ["monmouthshire-cc"]),
    ("highway-ards-north-down", "fallen_tree", "ards-north-down", {}, ["dfi-roads"]),
    ("highway-red-route", "street_light", "westminster", {"road": "euston-road"}, ["tfl"]),
    ("highway-westminster", "flooding", "westminster", {}, ["westminster-cc"]),
    ("environment", "flytipping", "ards-north-down", {}, ["ards-north-down-bc"]),
    (
        "antisocial-behaviour",
        "antisocial_behaviour",
        "westminster",
        {},
        ["met-police", "westminster-cc"],
    ),
    ("police-matters", "crime", "monmouthshire", {}, ["gwent-police"]),
    (
        "nhs-named-facility",
        "nhs_service",
        "westminster",
        {"facility_body": "chelwest-nhs"},
        ["chelwest-nhs"],
    ),
    ("nhs-monmouthshire", "nhs_service", "monmouthshire", {}, ["aneurin-bevan-uhb"]),
    ("nhs-ards-north-down", "nhs_service", "ards-north-down", {}, ["south-eastern-hsct"]),
    ("nhs-westminster", "nhs_service", "westminster", {}, ["imperial-nhs"]),
    (
        "enquiry-addressed",
        "general_enquiry",
        "monmouthshire",
        {"mentions": ["@TrafficWalesS"]},
        ["swtra"],
    ),
    ("enquiry-council", "general_enquiry", "ards-north-down", {}, ["ards-north-down-bc"]),
]


def test_every_rule_in_the_table_has_a_case():
    rules = json.loads((PACKAGED_DIRECTORY / "rules.json").read_text())
    assert {r["id"] for r in rules["rules"]} == {c[0] for c in CASES}


@pytest.mark.parametrize(
    ("rule", "category", "area", "extra", "bodies"), CASES, ids=[c[0] for c in CASES]
)
def test_rule_routes_to_its_bodies_and_names_itself(
    engine, classified, rule, category, area, extra, bodies
):
    decision = engine.route(classified(category, area, **extra))
    assert [b.id for b in decision.bodies] == bodies
    assert all(f"rules.json {rule}:" in b.rule for b in decision.bodies)
    assert decision.needs_location is False


def test_every_category_in_the_highway_row_routes_like_the_others(engine, classified):
    for category in ("street_light", "road_defect", "flooding", "fallen_tree"):
        trunk = engine.route(classified(category, "monmouthshire", road="A40"))
        red = engine.route(classified(category, "westminster", road="park-lane"))
        assert [b.id for b in trunk.bodies] == ["swtra"]
        assert [b.id for b in red.bodies] == ["tfl"]


def test_every_environment_category_goes_to_the_council(engine, classified):
    for category in ("flytipping", "waste_collection", "street_cleaning", "noise"):
        got = engine.route(classified(category, "monmouthshire"))
        assert [b.id for b in got.bodies] == ["monmouthshire-cc"]


def test_road_collision_goes_to_the_police_of_the_area(engine, classified):
    got = engine.route(classified("road_collision", "ards-north-down"))
    assert [b.id for b in got.bodies] == ["psni"]


def test_a_trunk_road_in_another_area_does_not_move_the_report(engine, classified):
    got = engine.route(classified("road_defect", "westminster", road="A465"))
    assert [b.id for b in got.bodies] == ["westminster-cc"]


def test_red_route_does_not_take_signals_from_tfl_or_give_council_signals(engine, classified):
    got = engine.route(classified("traffic_signal", "westminster", road="park-lane"))
    assert [b.id for b in got.bodies] == ["tfl"]


def test_collision_that_damaged_signals_adds_the_signal_owner(engine, classified):
    got = engine.route(classified("road_collision", "monmouthshire", secondary=["traffic_signal"]))
    assert [b.id for b in got.bodies] == ["gwent-police", "monmouthshire-cc"]
    council = next(b for b in got.bodies if b.id == "monmouthshire-cc")
    assert "collision-damaged-street-furniture" in council.rule


def test_signal_damaged_by_a_collision_adds_the_police(engine, classified):
    got = engine.route(classified("traffic_signal", "westminster", secondary=["road_collision"]))
    assert [b.id for b in got.bodies] == ["met-police", "tfl"]


def test_lamp_hit_by_a_lorry_on_a_trunk_road_goes_to_police_and_trunk_agent(engine, classified):
    got = engine.route(
        classified("street_light", "monmouthshire", secondary=["road_collision"], road="A449")
    )
    assert [b.id for b in got.bodies] == ["gwent-police", "swtra"]


def test_a_secondary_category_outside_a_combine_row_adds_nobody(engine, classified):
    got = engine.route(classified("noise", "westminster", secondary=["antisocial_behaviour"]))
    assert [b.id for b in got.bodies] == ["westminster-cc"]


def test_enquiry_to_an_account_of_another_area_goes_to_the_council(engine, classified):
    got = engine.route(classified("general_enquiry", "westminster", mentions=["@gwentpolice"]))
    assert [b.id for b in got.bodies] == ["westminster-cc"]


def test_enquiry_goes_to_the_first_official_account_addressed(engine, classified):
    got = engine.route(
        classified(
            "general_enquiry", "westminster", mentions=["@someone", "@TfL", "@CityWestminster"]
        )
    )
    assert [b.id for b in got.bodies] == ["tfl"]


def test_no_area_means_no_bodies_and_asking_where(engine, classified):
    got = engine.route(classified("street_light", None))
    assert got.bodies == []
    assert got.needs_location is True


def test_out_of_area_means_no_bodies_and_no_question(engine, classified):
    got = engine.route(classified("street_light", "out-of-area"))
    assert got.bodies == []
    assert got.needs_location is False


def test_a_non_report_goes_to_nobody_even_with_an_area(engine, classified):
    got = engine.route(classified(None, "westminster"))
    assert got.bodies == []
    assert got.needs_location is False


def test_bodies_come_back_sorted_with_names(engine, classified):
    got = engine.route(classified("antisocial_behaviour", "monmouthshire"))
    assert [b.id for b in got.bodies] == sorted(b.id for b in got.bodies)
    assert got.bodies[0].name == "Gwent Police"
