"""What Heard says: templates per body and language, Welsh detection, fitting to a platform."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from services.notifier.wording import (
    RULES,
    Wording,
    WordingError,
    detect_language,
    join_names,
    reply_language,
)
from services.notifier.wording.catalogue import PACKAGED

REF = "HRD-AB12-CD34"
LINK = f"http://heard.example/r/{REF}"
BASE = {"reference": REF, "link": LINK}
MESSAGE = "We've inspected it and a crew will fill the pothole on Thursday morning."
WELSH_POST = "@MonmouthshireCC mae'r golau stryd wedi torri ar Heol y Porth ers wythnos. Diolch!"


@pytest.fixture(scope="module")
def wording() -> Wording:
    return Wording.load()


def say(
    wording: Wording,
    key: str,
    *,
    language: str = "en",
    body_ids: tuple[str, ...] = (),
    limit: int = 500,
    **values: str,
) -> str:
    values = {**BASE, **values}
    return wording.render(
        key, language=language, body_ids=body_ids, limit=limit, measure=len, **values
    )


# The packaged defaults


@pytest.mark.parametrize("language", ["en", "cy"])
def test_every_key_exists_in_the_defaults_with_its_placeholders(language: str) -> None:
    data = tomllib.loads((PACKAGED / "default" / f"{language}.toml").read_text("utf-8"))
    assert set(data) == set(RULES)
    for key, variants in data.items():
        assert len(variants) >= 2, key  # something shorter to fall back on
        for variant in variants:
            for name in RULES[key].required:
                assert "{" + name + "}" in variant, (key, variant)
        if "bodies" in RULES[key].optional and key not in ("location_received",):
            assert "{bodies}" in variants[0], key  # the full reply says who has it
    assert all("999" in v for v in data["first_reply_emergency"])


def test_the_defaults_read_as_people_not_a_call_centre() -> None:
    text = "\n".join(p.read_text("utf-8").lower() for p in PACKAGED.rglob("*.toml"))
    for phrase in ("inconvenience", "your call is important", "{greeting}", "valued"):
        assert phrase not in text


def test_the_emergency_reply_leads_with_999_in_both_languages(wording: Wording) -> None:
    for language in ("en", "cy"):
        text = say(wording, "first_reply_emergency", language=language, bodies="Gwent Police")
        assert text.index("999") < text.index("Gwent Police")


def test_the_location_question_asks_for_a_street_place_or_postcode(wording: Wording) -> None:
    text = say(wording, "needs_location")
    assert all(word in text for word in ("street", "place", "postcode", REF))


# Language


@pytest.mark.parametrize(
    "post",
    [
        WELSH_POST,
        "Mae twll mawr yn y ffordd ger yr ysgol yn Y Fenni, mae'n beryglus iawn",
        "Golau wedi torri",
        "Mae Stryd Fawr ar gau eto, does dim golau o gwbl",
        "MAE'R GOLAU WEDI TORRI AR STRYD FAWR",
        "Dw i wedi gweld sbwriel ar y palmant bob dydd ers mis, plîs allwch chi helpu?",
    ],
)
def test_welsh_posts_are_recognised_as_welsh(post: str) -> None:
    assert detect_language(post) == "cy"


@pytest.mark.parametrize(
    "post",
    [
        "Pothole on Heol y Porth in Y Fenni, been there for weeks",
        "Y Fenni: streetlight out on Stryd Fawr again @MonmouthshireCC",
        "Flooding on Ffordd yr Afon in Trefynwy, the drains are blocked",
        "Fly-tipping behind Ysgol Gymraeg Y Fenni, mattresses and a fridge",
        "streetlight out on heol y porth in y fenni since monday",
        "Diolch! The light on Heol Maendy is fixed now",
        "Bins not collected on Pont-y-pŵl Road for 3 weeks #Pontypool",
    ],
)
def test_english_posts_naming_welsh_places_stay_english(post: str) -> None:
    assert detect_language(post) == "en"


def test_a_mixed_post_goes_with_the_majority() -> None:
    mostly_welsh = (
        "Streetlight broken on Stryd Fawr. Mae'r golau wedi torri ers wythnos "
        "a does neb wedi dod i'w drwsio."
    )
    mostly_english = (
        "Mae'n beryglus! The streetlight on the high street has been broken "
        "for a week and nobody has come to fix it."
    )
    assert detect_language(mostly_welsh) == "cy"
    assert detect_language(mostly_english) == "en"


def test_a_welsh_post_to_a_welsh_body_is_answered_in_welsh(wording: Wording) -> None:
    language = reply_language(WELSH_POST, ["monmouthshire-cc"])
    text = say(
        wording,
        "first_reply",
        language=language,
        body_ids=("monmouthshire-cc",),
        bodies="Monmouthshire County Council",
    )
    assert language == "cy"
    assert text.startswith("Diolch am roi gwybod i ni.") and REF in text and LINK in text


def test_a_welsh_post_to_westminster_is_answered_in_english(wording: Wording) -> None:
    language = reply_language(WELSH_POST, ["westminster-cc"])
    text = say(
        wording,
        "first_reply",
        language=language,
        body_ids=("westminster-cc",),
        bodies="Westminster City Council",
    )
    assert language == "en"
    assert text.startswith("Thanks for letting us know.")


def test_only_the_first_body_decides_and_the_welsh_bodies_can_be_changed() -> None:
    assert reply_language(WELSH_POST, ["tfl", "gwent-police"]) == "en"
    assert reply_language(WELSH_POST, ["gwent-police", "tfl"]) == "cy"
    assert reply_language(WELSH_POST, ["tfl"], frozenset({"tfl"})) == "cy"
    assert reply_language(WELSH_POST, []) == "en"
    assert reply_language("Pothole on Heol y Porth", ["monmouthshire-cc"]) == "en"


def test_names_are_joined_the_way_each_language_lists_them() -> None:
    assert join_names(["A"], "en") == "A"
    assert join_names(["A", "B", "C"], "en") == "A, B and C"
    assert join_names(["Cyngor", "Heddlu Gwent"], "cy") == "Cyngor a Heddlu Gwent"
    assert join_names(["Gwent Police", "Aneurin Bevan UHB"], "cy") == (
        "Gwent Police ac Aneurin Bevan UHB"
    )
    assert join_names([], "cy") == ""


# Overrides


def test_a_body_override_wins_only_for_its_own_body(wording: Wording) -> None:
    mcc = "Monmouthshire County Council"
    own = say(
        wording, "acknowledged", language="cy", body_ids=("monmouthshire-cc",), body=mcc, message=""
    )
    other = say(
        wording,
        "acknowledged",
        language="cy",
        body_ids=("gwent-police",),
        body="Gwent Police",
        message="",
    )
    english = say(
        wording, "acknowledged", language="en", body_ids=("monmouthshire-cc",), body=mcc, message=""
    )
    assert "Cyngor Sir Fynwy" in own
    assert "Gwent Police" in other and "Cyngor Sir Fynwy" not in other
    assert "Monmouthshire County Council has picked this up" in english


def test_the_first_body_with_an_override_for_the_key_is_used(wording: Wording) -> None:
    wcc = "Westminster City Council"
    overridden = say(
        wording, "resolved", body_ids=("tfl", "westminster-cc"), body=wcc, message="Cleared."
    )
    default = say(wording, "resolved", body_ids=("tfl",), body=wcc, message="Cleared.")
    assert "If it comes back" in overridden
    assert "If it comes back" not in default
    # Westminster overrides only "resolved": its other keys are the defaults.
    assert say(wording, "update", body_ids=("westminster-cc",), body=wcc, message="On it.") == (
        say(wording, "update", body_ids=(), body=wcc, message="On it.")
    )


def test_a_language_without_templates_falls_back_to_english(wording: Wording) -> None:
    assert say(wording, "holding_reply", language="ga", body="TfL").startswith("Sorry")


def test_an_operator_folder_overrides_the_packaged_wording_key_by_key(tmp_path: Path) -> None:
    (tmp_path / "default").mkdir()
    (tmp_path / "default" / "en.toml").write_text(
        'first_reply = ["Got it: {bodies} have it now. {reference} {link}"]\n', "utf-8"
    )
    (tmp_path / "tfl").mkdir()
    (tmp_path / "tfl" / "en.toml").write_text(
        'holding_reply = ["TfL is slow today, we have nudged them. {reference}"]\n', "utf-8"
    )
    wording = Wording.load(tmp_path)
    assert say(wording, "first_reply", bodies="TfL") == f"Got it: TfL have it now. {REF} {LINK}"
    assert say(wording, "holding_reply", body_ids=("tfl",), body="TfL").startswith("TfL is slow")
    assert say(wording, "holding_reply", body="TfL").startswith("Sorry this is taking longer")
    assert "Cyngor Sir Fynwy" in say(
        wording, "acknowledged", language="cy", body_ids=("monmouthshire-cc",), message=""
    )


# Bad files


@pytest.mark.parametrize(
    ("content", "key", "problem"),
    [
        (
            'first_reply = ["Thanks {reference} {link}"]\nupdate = ["Update: {message} {ref\n',
            "update",
            "not valid TOML",
        ),
        (
            'first_reply = ["Thanks {reference} {link}"]\ncheerio = ["Bye {reference}"]\n',
            "cheerio",
            "unknown key",
        ),
        (
            'first_reply = ["Thanks {reference} {link}", "Thanks {link}"]\n',
            "first_reply",
            "missing {reference}",
        ),
        (
            'holding_reply = ["Sorry, {name}. {reference}"]\n',
            "holding_reply",
            "unknown placeholder {name}",
        ),
        ('needs_location = ["Where? {reference} {bodies}"]\n', "needs_location", "cannot be used"),
        (
            'first_reply_emergency = ["Passed on. {reference} {link}"]\n',
            "first_reply_emergency",
            "999",
        ),
        ("update = []\n", "update", "list of non-empty strings"),
    ],
)
def test_a_bad_file_is_refused_naming_the_file_and_the_key(
    tmp_path: Path, content: str, key: str, problem: str
) -> None:
    path = tmp_path / "westminster-cc" / "en.toml"
    path.parent.mkdir()
    path.write_text(content, "utf-8")
    with pytest.raises(WordingError) as caught:
        Wording.load(tmp_path)
    assert caught.value.file == path and caught.value.key == key
    assert str(path) in str(caught.value) and key in str(caught.value)
    assert problem in str(caught.value)


def test_a_missing_operator_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(WordingError, match="not found"):
        Wording.load(tmp_path / "nowhere")


# Fitting


def test_a_tight_limit_picks_a_shorter_variant_keeping_reference_and_link_whole(
    wording: Wording,
) -> None:
    bodies = "Monmouthshire County Council and Gwent Police"
    roomy = say(wording, "first_reply", bodies=bodies, limit=500)
    tight = say(wording, "first_reply", bodies=bodies, limit=len(roomy) - 1)
    assert tight != roomy and len(tight) < len(roomy)
    assert bodies in tight and REF in tight and LINK in tight


def test_an_overlong_department_message_is_cut_with_an_ellipsis_keeping_reference_and_link(
    wording: Wording,
) -> None:
    message = MESSAGE + " " + "The road will be closed between 9am and noon. " * 6
    text = say(wording, "update", body="TfL", message=message, limit=280)
    assert len(text) <= 280
    assert "…" in text and message not in text
    assert REF in text and text.endswith(LINK)
    assert text.split("“")[1].split("…")[0] in message  # the start of their words, as written


def test_a_short_enough_message_is_relayed_in_full(wording: Wording) -> None:
    text = say(wording, "update", body="Gwent Police", message=MESSAGE, limit=160)
    assert text == f"Update from Gwent Police: “{MESSAGE}” Ref {REF} {LINK}"


def test_the_platforms_own_measure_decides_what_fits(wording: Wording) -> None:
    def as_x_counts(text: str) -> int:  # X counts every link as 23 characters
        return len(text.replace(LINK, "x" * 23))

    bodies = "Monmouthshire County Council"
    full = say(wording, "first_reply", bodies=bodies)
    limit = len(full) - 5  # too long by its characters, not by X's count
    by_length = say(wording, "first_reply", bodies=bodies, limit=limit)
    by_x = wording.render(
        "first_reply",
        language="en",
        body_ids=(),
        limit=limit,
        measure=as_x_counts,
        bodies=bodies,
        **BASE,
    )
    assert by_x == full and by_length != full


def test_when_nothing_fits_it_says_so_rather_than_cutting_the_reference(
    wording: Wording,
) -> None:
    with pytest.raises(WordingError, match="first_reply"):
        say(wording, "first_reply", bodies="TfL", limit=30)
    with pytest.raises(WordingError):
        say(wording, "update", body="TfL", message=MESSAGE, limit=40)


def test_a_missing_message_or_previous_body_uses_a_variant_without_one(
    wording: Wording,
) -> None:
    resolved = say(wording, "resolved", body="TfL", message="")
    rerouted = say(wording, "rerouted", bodies="TfL", previous="")
    assert resolved.startswith("TfL says this is sorted. Thanks") and "“" not in resolved
    assert rerouted.startswith("We've passed this to TfL instead.")
    assert say(wording, "rerouted", bodies="TfL", previous="Gwent Police").startswith(
        "Gwent Police told us"
    )


def test_values_are_not_treated_as_templates(wording: Wording) -> None:
    text = say(wording, "update", body="TfL", message="Use {reference} and {{this}}")
    assert "Use {reference} and {{this}}" in text
