"""The text model's building blocks: sklearn-identical features, cue groups, the corpus split."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from triage.cues import CUES, CueFeatures
from triage.features import TfidfFeatures, export
from triage.model import TextModel
from triage.text import model_text

CORPUS = Path(__file__).resolve().parents[3] / "triage" / "data" / "corpus"


@pytest.mark.parametrize("analyzer", ["word", "char_wb"])
def test_runtime_features_equal_scikit_learns(analyzer):
    text = pytest.importorskip("sklearn.feature_extraction.text")
    docs = [
        "Pothole on Frogmore St!!",
        "lamp post out, pitch black 😡",
        "Tree down across the lane",
        "bins not collected again",
        "pothole pothole everywhere",
        "É accent and   spaces",
    ]
    kw = (
        {"ngram_range": (1, 2), "token_pattern": r"(?u)\b\w+\b|[^\w\s]"}
        if analyzer == "word"
        else {"analyzer": "char_wb", "ngram_range": (2, 5)}
    )
    vec = text.TfidfVectorizer(sublinear_tf=True, dtype=np.float32, **kw).fit(docs[:4])
    ours = TfidfFeatures(export(vec))
    probe = [*docs, "", "unseen words only"]
    assert np.allclose(ours.transform(probe).toarray(), vec.transform(probe).toarray(), atol=1e-6)


@pytest.mark.parametrize(
    ("text", "group"),
    [
        ("driver still inside and bleeding", "injury"),
        ("smoke pouring out of the flats", "fire"),
        ("man waving a machete", "weapon"),
        ("someone breaking into cars right now", "in_progress"),
        ("please send an ambulance", "services"),
        ("live wires hanging from the lamp post", "electric"),
        ("someone is being attacked", "attack"),
        ("a car hit a cyclist", "person_hit"),
        ("two cars collided, nobody hurt", "no_injury"),
        ("mae'r car ar dân", "fire"),
        ("the driver is unconsious", "injury"),
        ("car weid taor plentyn", "injury"),  # short Welsh words with letters swapped
        ("bws wedi tar0 cerddwr", "injury"),  # a digit typed for a letter
        ("kid h1t by a van", "person_hit"),
        ("dau ddyn gyda chyllell yn y siop", "weapon"),  # Welsh 'cyllell', aspirate mutation
        ("a'r gwifrau'n tasgu gwreichion", "electric"),  # Welsh clitic 'n after the word
        ("people on the ground everywhere", "injury"),
        ("mae dyn gyda chylell", "weapon"),  # a mutated Welsh word with a slip of its own
        ("send an anbulance", "services"),  # a slip in the stem of 'ambulance*'
        ("plant yn rhedeg o flan y loriau", "injury"),  # 'flaen' less a letter, inside Welsh
        ("bws wedi tao plentyn", "injury"),  # a four-letter word less a letter, inside a phrase
        ("smpke pouring out", "fire"),  # a five-letter word with the key next to the right one
        ("\U0001f697\U0001f4a5\U0001fa78 outside my work", "injury"),  # the drop of blood emoji
        ("mum walked out of her care home in her nightie", "missing_person"),
        ("999 busy, not ok", "calls_999"),
    ],
)
def test_each_cue_group_fires_on_its_kind_of_phrase(text, group):
    assert group in CueFeatures(CUES).fired(model_text(text))


def test_ordinary_words_near_a_cue_do_not_fire_it():
    assert CueFeatures(CUES).fired("fine day, the bins are out and the lights are on") == []
    assert CueFeatures(CUES).fired("bus 4 at 10am, 2 stops from the tarn, wed 3rd") == []
    # One slip from a cue word, but an everyday word of its own: 'sparking' and 'parking'.
    assert CueFeatures(CUES).fired("parking by the surgery, people turning right") == []
    assert CueFeatures(CUES).fired("litter on the ground by the main road, y brif stryd") == []
    # 'flan' for 'flaen' only inside the Welsh phrase, never as an English word alone.
    assert CueFeatures(CUES).fired("a flan in front of the cake stall") == []


def test_risk_words_are_a_safety_net_unless_calmed():
    cues = CueFeatures(CUES)
    posts = [
        "he's bleeding from the head",
        "lorry hit the lights, nobody hurt",
        "the new album is proper fire",
        "missed bin again",
    ]
    assert cues.risk_to_life(cues.transform(posts)).tolist() == [True, False, False, False]


def test_a_report_the_score_underrates_is_an_emergency_by_its_risk_words():
    import joblib

    from triage.model import PACKAGED_MODEL

    artefact = joblib.load(PACKAGED_MODEL)
    artefact["emergency_threshold"] = 1.01  # the score alone never makes an emergency here
    got = TextModel(artefact).predict(
        [
            "Lorry into the lights on Frogmore St, the driver is bleeding from the head",
            "Lorry into the lights on Frogmore St, nobody hurt",
        ]
    )
    assert got[0].urgency == "emergency" and got[0].risk_cues == ["injury"]
    assert got[1].urgency != "emergency" and got[1].risk_cues == []


def test_the_packaged_model_flags_risk_to_life_beyond_its_training_phrases():
    model = TextModel.load()
    got = model.predict(
        [
            "A man has collapsed in the street in Soho and isn't breathing",
            "The pothole on Church Road is getting bigger",
        ]
    )
    assert got[0].urgency == "emergency"
    assert got[1].urgency != "emergency"


def test_a_terse_post_about_a_risk_to_life_is_never_dropped_as_a_non_report():
    got = TextModel.load().predict(["smash on the high st. child down. ambulance NOW"])[0]
    assert got.is_report and got.urgency == "emergency"


def test_risk_words_used_in_jest_are_not_a_report():
    got = TextModel.load().predict(["Best chips in the whole county, fight me 🍟"])[0]
    assert not got.is_report


def test_held_out_posts_come_from_templates_never_trained_on():
    def templates(name):
        with (CORPUS / name).open() as fh:
            return {json.loads(line)["expect"]["template"] for line in fh}

    train, held = templates("train.jsonl"), templates("heldout.jsonl")
    assert held and not train & held


def test_the_corpus_is_regenerated_identically_from_its_seed():
    from triage.corpus.build import build

    train, held = build()
    with (CORPUS / "heldout.jsonl").open() as fh:
        first = [json.loads(next(fh)) for _ in range(20)]
    assert held[:20] == first
    assert len(train) == sum(1 for _ in (CORPUS / "train.jsonl").open())
