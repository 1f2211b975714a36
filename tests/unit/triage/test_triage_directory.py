"""The directory: lookups, an operator's own folder, and bad files that must stop start-up."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from triage.directory import (
    PACKAGED_DIRECTORY,
    Directory,
    DirectoryError,
    directory_path_from_env,
)


@pytest.fixture()
def own(tmp_path: Path) -> Path:
    """A copy of the packaged directory that a test may break."""
    folder = tmp_path / "directory"
    shutil.copytree(PACKAGED_DIRECTORY, folder)
    return folder


def edit(folder: Path, name: str, change) -> None:
    path = folder / name
    data = json.loads(path.read_text())
    change(data)
    path.write_text(json.dumps(data))


def test_the_packaged_directory_has_the_contract_bodies(directory):
    assert len(directory.bodies) == 13
    council = directory.body("monmouthshire-cc")
    assert (council.name, council.kind, council.area) == (
        "Monmouthshire County Council",
        "council",
        "monmouthshire",
    )
    assert directory.body("psni").accounts == ["@PSNIArdsNDown", "@PSNIBangor", "@PoliceServiceNI"]


@pytest.mark.parametrize("handle", ["@TfL", "tfl", "@TFLTRAFFICNEWS", "@tfl@mastodon.example"])
def test_accounts_match_case_insensitively_with_or_without_at(directory, handle):
    assert directory.body_for_account(handle).id == "tfl"


def test_an_unknown_account_is_nobody(directory):
    assert directory.body_for_account("@randomperson") is None


def test_every_listed_place_lies_inside_its_area_polygon(directory):
    for place in directory.places:
        expected = None if place.area == "out-of-area" else place.area
        assert directory.area_at(place.lat, place.lon) == expected, place.id


def test_an_operator_folder_is_loaded_instead_of_the_packaged_one(own):
    edit(own, "bodies.json", lambda d: d["bodies"][0].update(name="Cyngor Sir Fynwy"))
    assert Directory.load(own).body("monmouthshire-cc").name == "Cyngor Sir Fynwy"


def test_heard_directory_env_var_points_at_a_folder(own, monkeypatch):
    monkeypatch.setenv("HEARD_DIRECTORY", str(own))
    assert directory_path_from_env() == own
    assert directory_path_from_env(Path("/elsewhere")) == Path("/elsewhere")
    monkeypatch.delenv("HEARD_DIRECTORY")
    assert directory_path_from_env() is None


def test_a_missing_file_names_the_file(own):
    (own / "roads.json").unlink()
    with pytest.raises(DirectoryError, match=r"roads\.json.*file is missing"):
        Directory.load(own)


def test_a_missing_folder_is_an_error(tmp_path):
    with pytest.raises(DirectoryError, match="not a directory folder"):
        Directory.load(tmp_path / "nowhere")


def test_invalid_json_names_file_and_line(own):
    (own / "places.json").write_text('{"places": [\n  {"id": "x",}\n]}')
    with pytest.raises(
        DirectoryError, match=r"places\.json: entry \(line 2, column \d+\): not valid JSON"
    ):
        Directory.load(own)


def test_a_bad_field_names_file_entry_and_field(own):
    edit(own, "places.json", lambda d: d["places"][3].update(lat="north-ish"))
    with pytest.raises(DirectoryError) as err:
        Directory.load(own)
    assert "places.json: entry places[3] ('caldicot'): lat:" in str(err.value)


def test_an_unknown_field_is_refused_so_typos_do_not_pass_silently(own):
    edit(own, "roads.json", lambda d: d["roads"][0].update(knd="trunk"))
    with pytest.raises(DirectoryError, match=r"roads\[0\] \('M4'\): knd: Extra inputs"):
        Directory.load(own)


def test_a_body_in_an_unknown_area_is_refused(own):
    edit(own, "bodies.json", lambda d: d["bodies"][1].update(area="gwent"))
    with pytest.raises(
        DirectoryError, match=r"bodies\[1\] \('gwent-police'\): area: unknown area 'gwent'"
    ):
        Directory.load(own)


def test_an_account_of_an_unknown_body_is_refused(own):
    edit(own, "accounts.json", lambda d: d["accounts"].append({"handle": "@x", "body": "nobody"}))
    with pytest.raises(
        DirectoryError, match=r"accounts\.json: entry accounts\[17\].*unknown body 'nobody'"
    ):
        Directory.load(own)


def test_a_place_outside_its_area_polygon_is_refused(own):
    edit(own, "places.json", lambda d: d["places"][0].update(lat=51.4816, lon=-3.1791))
    with pytest.raises(DirectoryError) as err:
        Directory.load(own)
    assert "places[0] ('abergavenny'): lat/lon: point is outside every area polygon" in str(
        err.value
    )


def test_an_invalid_polygon_is_refused(own):
    def bowtie(d):
        d["features"][0]["geometry"]["coordinates"] = [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]

    edit(own, "areas.geojson", bowtie)
    with pytest.raises(
        DirectoryError, match=r"areas\.geojson: entry features\[0\] \('monmouthshire'\): geometry"
    ):
        Directory.load(own)


def test_a_rule_naming_an_unknown_body_is_refused(own):
    edit(own, "rules.json", lambda d: d["rules"][1].update(bodies=["monmouth-council"]))
    with pytest.raises(
        DirectoryError, match=r"rules\[1\] \('signals-monmouthshire'\): bodies: unknown body"
    ):
        Directory.load(own)


def test_a_rule_with_an_unknown_category_is_refused(own):
    edit(own, "rules.json", lambda d: d["rules"][0].update(categories=["potholes"]))
    with pytest.raises(
        DirectoryError,
        match=r"rules\.json: entry rules\[0\] \('signals-trunk-road'\): categories\.0",
    ):
        Directory.load(own)


def test_rules_must_route_every_category_in_every_area(own):
    edit(own, "rules.json", lambda d: d["rules"].pop(3))
    with pytest.raises(
        DirectoryError, match="no unconditional rule routes 'traffic_signal' in 'westminster'"
    ):
        Directory.load(own)


def test_a_road_role_without_a_road_condition_is_refused(own):
    edit(own, "rules.json", lambda d: d["rules"][1].update(bodies=["$road"]))
    with pytest.raises(DirectoryError, match=r"\$road needs a when\.road_kind condition"):
        Directory.load(own)


def test_duplicate_rule_ids_are_refused(own):
    edit(own, "rules.json", lambda d: d["rules"][2].update(id="signals-monmouthshire"))
    with pytest.raises(DirectoryError, match="duplicate rule id"):
        Directory.load(own)


def test_all_problems_are_reported_together(own):
    edit(own, "bodies.json", lambda d: d["bodies"][1].update(area="gwent"))
    edit(own, "roads.json", lambda d: d["roads"][0].update(body="nobody"))
    with pytest.raises(DirectoryError) as err:
        Directory.load(own)
    assert "bodies.json" in str(err.value) and "roads.json" in str(err.value)


def test_each_packaged_area_knows_its_nation_for_bank_holidays(directory):
    nations = {a.id: a.nation for a in directory.areas.values()}
    assert nations == {
        "monmouthshire": "wales",
        "ards-north-down": "northern-ireland",
        "westminster": "england",
    }


def test_an_unknown_nation_is_refused_with_the_choices(own):
    edit(own, "areas.geojson", lambda d: d["features"][0]["properties"].update(nation="cymru"))
    with pytest.raises(DirectoryError) as err:
        Directory.load(own)
    assert "areas.geojson" in str(err.value)
    assert "nation" in str(err.value) and "'wales'" in str(err.value)
