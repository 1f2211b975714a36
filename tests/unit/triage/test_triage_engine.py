"""The engine end to end on the public dev set, with the packaged model, and its evidence."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from shared.events.mention import Mention
from triage.evaluate import SETS, evaluate
from triage.model import TextModel

DEV = Path(__file__).resolve().parents[3] / "triage" / "data" / "eval" / "public_dev.jsonl"


@pytest.fixture(scope="module")
def dev_scores(engine):
    return evaluate(engine, SETS["public_dev"].rows()).summary()


def test_dev_set_meets_the_acceptance_bar(dev_scores):
    assert dev_scores["bodies_exact_set_accuracy"] >= 0.90
    assert dev_scores["category_accuracy"] >= 0.90
    assert dev_scores["is_report_f1"] >= 0.90
    assert dev_scores["emergency_recall"] == 1.0
    assert dev_scores["area_accuracy"] >= 0.95


@pytest.mark.parametrize("name", ["heldout_templates", "blind_validation", "blind_heldout"])
def test_held_out_sets_stay_over_the_bar(engine, name):
    scores = evaluate(engine, SETS[name].rows()).summary()
    assert scores["bodies_exact_set_accuracy"] >= 0.90
    assert scores["category_accuracy"] >= 0.90
    assert scores["is_report_f1"] >= 0.90
    # The bar for risk to life: a retrained model that misses one emergency fails here.
    assert scores["emergency_recall"] == 1.0


def test_every_dev_output_has_exactly_the_contract_fields_and_types(engine):
    for line in DEV.read_text().splitlines():
        m = Mention.model_validate(json.loads(line)["mention"])
        c = engine.assess(m, report_id="r")
        out = engine.contract_output(c, engine.route(c))
        assert list(out) == [
            "mention_id",
            "is_report",
            "category",
            "urgency",
            "location",
            "area",
            "bodies",
            "needs_location",
        ]
        assert out["mention_id"] == m.id
        assert out["urgency"] in ("emergency", "high", "normal", "low")
        if out["location"] is not None:
            assert set(out["location"]) <= {"lat", "lon", "source", "place"}
        if not out["is_report"]:
            assert (out["category"], out["urgency"], out["bodies"], out["needs_location"]) == (
                None,
                "low",
                [],
                False,
            )


def test_the_contract_seed_goes_to_police_and_council_with_evidence(engine, mention):
    m = mention(
        "@MonmouthshireCC @gwentpolice lorry has knocked the traffic lights over at the "
        "junction in Abergavenny, pole across the road",
        mentions=["@MonmouthshireCC", "@gwentpolice"],
    )
    c = engine.assess(m, report_id="r1")
    decision = engine.route(c)
    assert c.category in ("traffic_signal", "road_collision")
    assert [b.id for b in decision.bodies] == ["gwent-police", "monmouthshire-cc"]
    kinds = {e.kind for e in c.evidence}
    assert {"model", "words", "place"} <= kinds
    assert c.classifier.startswith("linear-tfidf-logreg@")


def test_an_emergency_is_flagged(engine, mention):
    c = engine.assess(
        mention("Car just hit a cyclist on Station Road in Usk, he's not moving"), report_id="r"
    )
    assert c.urgency == "emergency"
    assert c.category == "road_collision"


def test_a_non_report_keeps_its_area_but_goes_nowhere(engine, mention):
    c = engine.assess(
        mention("Monmouth in the sunshine is the best place in Wales ☀️"), report_id="r"
    )
    out = engine.contract_output(c, engine.route(c))
    assert (out["is_report"], out["area"], out["bodies"]) == (False, "monmouthshire", [])


def test_an_injured_driver_with_no_location_asks_where(engine, mention):
    c = engine.assess(
        mention(
            "Car just ploughed into a lamp post at the end of our road, "
            "driver bleeding from the head"
        ),
        report_id="r",
    )
    out = engine.contract_output(c, engine.route(c))
    assert out["needs_location"] is True and out["bodies"] == [] and out["area"] is None


def test_batch_and_single_assessment_agree(engine, mention):
    ms = [
        mention("pothole on Frogmore Street in Abergavenny"),
        mention("loud music at 3am in Soho"),
    ]
    batch = engine.assess_many(ms, report_ids=["a", "b"])
    single = [engine.assess(m, report_id=r) for m, r in zip(ms, ["a", "b"], strict=True)]
    assert [(c.category, c.urgency, c.area) for c in batch] == [
        (c.category, c.urgency, c.area) for c in single
    ]


def test_the_packaged_model_loads_in_under_a_second():
    t0 = time.perf_counter()
    TextModel.load()
    assert time.perf_counter() - t0 < 1.0
