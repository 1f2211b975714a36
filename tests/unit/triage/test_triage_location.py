"""Every location source, their order of strength, ambiguous names, and out-of-area posts."""

from __future__ import annotations

import pytest

from triage.location import Locator


@pytest.fixture(scope="module")
def locator(directory) -> Locator:
    return Locator(directory)


def test_platform_coordinates_are_located_by_point_in_polygon(locator, mention):
    got = locator.locate(mention("tree down across the lane", geo={"lat": 51.814, "lon": -2.718}))
    assert got.area == "monmouthshire"
    assert got.location.source == "geo"
    assert (got.location.lat, got.location.lon) == (51.814, -2.718)


def test_coordinates_outside_every_area_are_out_of_area(locator, mention):
    got = locator.locate(mention("bins overflowing", geo={"lat": 51.4816, "lon": -3.1791}))
    assert got.area == "out-of-area"
    assert got.location.source == "geo"


@pytest.mark.parametrize("written", ["NP26 5DL", "np26 5dl", "NP265DL", "Np26  5dL"])
def test_a_postcode_in_any_spacing_and_case_gives_its_district(locator, mention, written):
    got = locator.locate(mention(f"signal head twisted round near {written}"))
    assert got.area == "monmouthshire"
    assert got.location.source == "postcode"
    assert got.location.place == "NP26 5DL"
    assert any(e.kind == "postcode" and "NP26" in e.detail for e in got.evidence)


def test_a_w1_sector_postcode_is_westminster(locator, mention):
    got = locator.locate(mention("drilling at 6am near W1D 5BW"))
    assert got.area == "westminster"


def test_a_district_written_alone_counts_as_a_postcode(locator, mention):
    got = locator.locate(mention("street sweeper at half 4 every morning. BT20. Driving us mad"))
    assert got.area == "ards-north-down"
    assert got.location.source == "postcode"


@pytest.mark.parametrize("text", ["just moved to CF10, anyone know a gym", "flooding in LL57"])
def test_a_district_of_another_uk_postcode_area_written_alone_is_out_of_area(
    locator, mention, text
):
    assert locator.locate(mention(text)).area == "out-of-area"


def test_chemistry_that_looks_like_a_district_is_not_a_postcode(locator, mention):
    assert locator.locate(mention("CO2 from the idling buses is choking us")).area is None


def test_a_possessive_does_not_hide_a_facility(locator, mention):
    got = locator.locate(mention("The Ulster Hospital's A&E wait was 11 hours"))
    assert got.facility.body == "south-eastern-hsct"


@pytest.mark.parametrize(
    ("text", "area"),
    [("potholes all the way to Brecon", "out-of-area"), ("crickhowell bridge shut", "out-of-area")],
)
def test_towns_just_over_the_border_are_out_of_area(locator, mention, text, area):
    assert locator.locate(mention(text)).area == area


def test_a_town_name_before_a_street_word_is_a_street_not_the_town(locator, mention):
    # Inverness Terrace is in Bayswater; Cambridge Street in Pimlico.
    assert locator.locate(mention("bins missed on Inverness Terrace all month")).area is None
    assert locator.locate(mention("lamp out on Cambridge St for weeks")).area is None
    assert locator.locate(mention("potholes all over Cardiff")).area == "out-of-area"


def test_a_town_named_after_its_river_is_the_river_after_the_or_river(locator, mention):
    bridge = "someone hit on the bridge over the Usk in Newport city centre"
    assert locator.locate(mention(bridge)).area == "out-of-area"
    assert locator.locate(mention("River Usk over the path in Newport")).area == "out-of-area"
    assert locator.locate(mention("pothole outside the school in Usk")).area == "monmouthshire"
    assert locator.locate(mention("dealing in the Usk car park")).area == "monmouthshire"


def test_a_street_named_after_a_town_is_the_street_when_another_place_is_named(locator, mention):
    assert locator.locate(mention("Pothole on Chepstow Road in Newport")).area == "out-of-area"
    assert locator.locate(mention("Pothole on the Bangor Road in Conlig")).area == (
        "ards-north-down"
    )


@pytest.mark.parametrize(
    ("text", "area"),
    [
        ("tree down between Llanover and Llanfoist", "monmouthshire"),
        ("flooding on the B4293 near Trellech", "monmouthshire"),
        ("rubbish tipped at the Ballyhalbert shore car park", "ards-north-down"),
        ("taxi and cyclist collision on Baker Street", "westminster"),
        ("Council tax up again in Monmouthshire", "monmouthshire"),
        ("Royal Victoria in Belfast cancelled my op", "out-of-area"),
    ],
)
def test_villages_and_landmarks_beyond_the_contracts_list_are_known(locator, mention, text, area):
    assert locator.locate(mention(text)).area == area


def test_bangor_is_settled_by_a_landmark_of_either_bangor(locator, mention):
    assert locator.locate(mention("broken glass at Ward Park in Bangor")).area == (
        "ards-north-down"
    )
    assert locator.locate(mention("someone fell into the Menai off the pier at Bangor")).area == (
        "out-of-area"
    )


def test_a_motorway_the_directory_does_not_list_is_out_of_area(locator, mention):
    assert locator.locate(mention("lorry overturned on the M1 at junction 25")).area == (
        "out-of-area"
    )
    assert locator.locate(mention("debris in lane 2 of the M4 at junction 24")).area == (
        "monmouthshire"
    )


def test_a_uk_postcode_outside_the_districts_is_out_of_area(locator, mention):
    got = locator.locate(mention("pothole outside CF10 1EP"))
    assert got.area == "out-of-area"
    assert got.location is None


def test_a_named_place_is_found_in_the_gazetteer(locator, mention):
    got = locator.locate(mention("Building rubble tipped at the beach car park in Millisle."))
    assert got.area == "ards-north-down"
    assert got.location.source == "place"
    assert got.location.place == "Millisle"


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("junk dumped on the verge outside Y Fenni", "Abergavenny"),
        ("tag sprayed on the bus shelter in Brynbuga", "Usk"),
        ("bins not collected yn Trefynwy", "Monmouth"),
        ("lamp out on the high street in Cil-y-coed", "Caldicot"),
        # Welsh mutates a name after a preposition: nasal after 'yn', soft after 'i'/'o'.
        ("Gwaith ffordd swnllyd drwy'r nos yn Nhrefynwy", "Monmouth"),
        ("Biniau heb eu casglu yng Nghil-y-coed", "Caldicot"),
        ("Baw ci ar y llwybr yng Nghas-gwent", "Chepstow"),
        ("dau ddyn yn dwyn o'r garej ym Mrynbuga", "Usk"),
        ("ffordd ar gau o Drefynwy i'r gorllewin", "Monmouth"),
    ],
)
def test_welsh_place_names_are_found(locator, mention, text, place):
    got = locator.locate(mention(text))
    assert got.location.place == place
    assert got.area == "monmouthshire"


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("potholes all over Abergaveny", "Abergavenny"),
        ("lights out at Westminister bridge end", "Westminster"),
        ("flooding in Marlybone again", "Marylebone"),
        ("bins missed in Newtonards", "Newtownards"),
        ("pothole on the road out of Chepstw", "Chepstow"),
    ],
)
def test_common_misspellings_of_places_are_found(locator, mention, text, place):
    got = locator.locate(mention(text))
    assert got.location is not None and got.location.place == place


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("road flooded again #AbergavennyFloods", "Abergavenny"),
        ("more fly tipping #donaghadee", "Donaghadee"),
        ("bins everywhere #StJohnsWood", "St John's Wood"),
        ("lights out #yfennilife", "Abergavenny"),
    ],
)
def test_places_are_found_inside_hashtags(locator, mention, text, place):
    got = locator.locate(mention(text))
    assert got.location is not None and got.location.place == place


def test_a_handle_that_names_a_town_is_not_a_place(locator, mention):
    got = locator.locate(mention("@CityWestminster pothole here", mentions=["@CityWestminster"]))
    assert got.location.source == "account"


@pytest.mark.parametrize(
    ("text", "road", "area"),
    [
        ("surface breaking up on the A465 westbound", "A465", "monmouthshire"),
        ("pothole on the a 449 southbound", "A449", "monmouthshire"),
        ("crash on the M4 at junction 23", "M4", "monmouthshire"),
        ("every third lamp dark along Euston Rd", "euston-road", "westminster"),
        ("huge flood in the Hyde Park Corner underpass", "hyde-park-corner", "westminster"),
    ],
)
def test_named_roads_locate_and_are_kept_for_the_rules(locator, mention, text, road, area):
    got = locator.locate(mention(text))
    assert got.location.source == "road"
    assert got.area == area
    assert got.road.id == road


def test_a40_is_not_read_inside_a4042(locator, mention):
    got = locator.locate(mention("drain blocked on the A4042"))
    assert got.road.id == "A4042"


def test_a_manchester_district_that_looks_like_a_motorway_is_a_road(locator, mention):
    got = locator.locate(mention("debris on the M4 near the services"))
    assert got.location.source == "road"


@pytest.mark.parametrize(
    ("text", "body", "area"),
    [
        (
            "dad discharged from Nevill Hall with no care package",
            "aneurin-bevan-uhb",
            "monmouthshire",
        ),
        (
            "sent home from x-ray at Ards Community Hospital",
            "south-eastern-hsct",
            "ards-north-down",
        ),
        ("8 hours in A&E at Chelsea & Westminster", "chelwest-nhs", "westminster"),
    ],
)
def test_named_facilities_locate_and_name_their_body(locator, mention, text, body, area):
    got = locator.locate(mention(text))
    assert got.location.source == "facility"
    assert got.area == area
    assert got.facility.body == body


def test_an_addressed_official_account_is_the_last_resort(locator, mention):
    got = locator.locate(mention("@deptinfra underpass floods ankle deep", mentions=["@deptinfra"]))
    assert got.area == "ards-north-down"
    assert got.location.source == "account"
    assert any(e.kind == "account" for e in got.evidence)


def test_a_mastodon_style_handle_is_matched_by_its_local_part(locator, mention):
    got = locator.locate(mention("lamp out", mentions=["@TfL@mastodon.example"]))
    assert got.area == "westminster"


def test_handles_written_in_the_text_count_when_the_list_is_empty(locator, mention):
    got = locator.locate(mention("pothole here @gwentpolice"))
    assert got.area == "monmouthshire"


def test_geo_beats_postcode_beats_place_beats_road_beats_facility_beats_account(locator, mention):
    text = "@CityWestminster near Nevill Hall on the M4 in Comber at W2 4RT"
    full = locator.locate(
        mention(text, mentions=["@CityWestminster"], geo={"lat": 51.4898, "lon": -0.134})
    )
    assert full.location.source == "geo"
    assert locator.locate(mention(text)).location.source == "postcode"
    assert locator.locate(mention(text.replace(" at W2 4RT", ""))).location.source == "place"
    no_place = text.replace(" in Comber at W2 4RT", "")
    assert locator.locate(mention(no_place)).location.source == "road"
    no_road = no_place.replace(" on the M4", "")
    assert locator.locate(mention(no_road)).location.source == "facility"


def test_place_inside_a_facility_name_is_not_read_as_a_place(locator, mention):
    got = locator.locate(mention("waited 9 hours at Chelsea and Westminster Hospital"))
    assert got.area == "westminster"
    assert got.location.source == "facility"


def test_bangor_with_bt_postcode_is_ards_north_down(locator, mention):
    got = locator.locate(mention("Street lights out in Bangor BT20 4AA"))
    assert got.area == "ards-north-down"
    assert (
        any(e.kind == "disambiguation" for e in got.evidence) or got.location.source == "postcode"
    )


def test_bangor_county_down_is_ards_north_down_by_place(locator, mention):
    got = locator.locate(mention("Street lights out all down Main Street in Bangor, Co Down"))
    assert got.area == "ards-north-down"
    assert got.location.source == "place"
    assert any(e.kind == "disambiguation" and "Co Down" in e.detail for e in got.evidence)


def test_bangor_addressed_to_a_northern_ireland_account_is_ards_north_down(locator, mention):
    got = locator.locate(
        mention("@PSNIArdsNDown cars broken into in Bangor", mentions=["@PSNIArdsNDown"])
    )
    assert got.area == "ards-north-down"
    assert got.location.source == "place"


def test_bangor_gwynedd_is_out_of_area(locator, mention):
    got = locator.locate(mention("Street lights out all down the High Street in Bangor, Gwynedd."))
    assert got.area == "out-of-area"
    assert got.location.place == "Bangor"


def test_mutated_bangor_is_as_ambiguous_as_bangor(locator, mention):
    assert locator.locate(mention("Tyllau mawr ar y ffordd ym Mangor")).area is None
    got = locator.locate(mention("Tyllau mawr ar y ffordd ym Mangor. Cyngor Gwynedd, plis!"))
    assert got.area == "out-of-area"


def test_bangor_ni_is_told_from_a_hashtag(locator, mention):
    assert locator.locate(mention("Bangor marina at sunrise #BangorNI")).area == "ards-north-down"


def test_bangor_with_nothing_else_is_not_guessed(locator, mention):
    got = locator.locate(mention("Street lights out all down the High Street in Bangor"))
    assert got.area is None
    assert got.location is None
    assert any(e.kind == "ambiguous" and e.value == "bangor" for e in got.evidence)


def test_bangor_with_another_place_in_ards_is_ards_north_down(locator, mention):
    got = locator.locate(mention("pothole on the road between Bangor and Newtownards"))
    assert got.area == "ards-north-down"


def test_a_known_place_outside_the_areas_is_out_of_area(locator, mention):
    got = locator.locate(mention("Overflowing bins along Queen Street in Cardiff city centre"))
    assert got.area == "out-of-area"
    assert got.location.source == "place"


def test_a_post_with_no_location_has_no_area(locator, mention):
    got = locator.locate(mention("Car just ploughed into a lamp post at the end of our road"))
    assert got.area is None
    assert got.location is None


def test_an_in_area_place_wins_over_an_out_of_area_one(locator, mention):
    got = locator.locate(
        mention("drove from Hereford to Monmouth, potholes all the way in Monmouth")
    )
    assert got.area == "monmouthshire"
