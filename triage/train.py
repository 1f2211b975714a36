"""`python -m triage.train`: fit the text model on the training split and write the artefact.

Reproducible: fixed seed, deterministic solvers, the corpus regenerated from its seed first
(pass --keep-corpus to train on the files as they are). Trains on the corpus's training split
and the hand-written sets; thresholds come from grouped cross-validation on those only. The
held-out split and the evaluation sets are read only to leave out any hand-written post whose
text is also in one of them.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import joblib
import numpy as np
import scipy.sparse as sp
import sklearn
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from triage.cues import CUES, CueFeatures
from triage.features import export
from triage.model import NOT_A_REPORT, PACKAGED_MODEL
from triage.schema import CATEGORIES, URGENCIES
from triage.text import model_text

CORPUS = Path(__file__).parent / "data" / "corpus"
SEED = 7
PARAMS = {
    "C_cat": 8.0,
    "C_urg": 4.0,
    "C_em": 16.0,
    "word_ngrams": (1, 2),
    "char_ngrams": (2, 5),
    "min_df_word": 2,
    "min_df_char": 3,
    # A hand-written post counts this many times a generated one: each is a different person's
    # phrasing, where a template's variants share most of theirs.
    "hand_weight": 4.0,
}
COMBINABLE = ["road_collision", "traffic_signal", "street_light", "road_defect"]
LABELS = [*CATEGORIES, NOT_A_REPORT]


def read_corpus(name: str) -> list[dict]:
    """Records of one split."""
    with (CORPUS / name).open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def handwritten() -> list[dict]:
    """Posts written by hand by other authors (data/corpus/handwritten/), as training records.

    Each post is its own group in cross-validation. Where a label allows two urgencies the
    model learns the more urgent one when that is 'emergency', otherwise the first.
    """
    rows = []
    for path in sorted((CORPUS / "handwritten").glob("*.jsonl")):
        for r in read_corpus(f"handwritten/{path.name}"):
            e = r["expect"]
            e["template"] = f"hand:{path.stem}:{r['mention']['id']}"
            if isinstance(e["urgency"], list):
                e["urgency"] = "emergency" if "emergency" in e["urgency"] else e["urgency"][0]
            rows.append(r)
    return rows


def sample_weights(groups: list[str], params: dict) -> np.ndarray:
    """Per training post: hand_weight for the hand-written, 1 for the generated."""
    return np.array([params["hand_weight"] if g.startswith("hand:") else 1.0 for g in groups])


def training_rows() -> list[dict]:
    """Everything the model trains on: the generated corpus's training split and the
    hand-written sets. Never the held-out split or the evaluation sets: a hand-written post
    whose text also appears in one (two authors can both write 'test, please ignore') is left
    out."""
    from triage.evaluate import SETS

    scored = {_same_text(r["mention"]["text"]) for s in SETS.values() for r in s.rows()}
    hand = [r for r in handwritten() if _same_text(r["mention"]["text"]) not in scored]
    return read_corpus("train.jsonl") + hand


def _same_text(text: str) -> str:
    return " ".join(text.lower().split())


def targets(rows: list[dict]) -> tuple[list[str], np.ndarray, np.ndarray, list[str]]:
    """Normalised texts, multi-hot category matrix, urgency indices, template groups."""
    texts, y, u, groups = [], np.zeros((len(rows), len(LABELS)), dtype=np.int8), [], []
    for i, r in enumerate(rows):
        e = r["expect"]
        texts.append(model_text(r["mention"]["text"]))
        cats = e["category"] if isinstance(e["category"], list) else [e["category"] or NOT_A_REPORT]
        for c in cats:
            y[i, LABELS.index(c)] = 1
        u.append(URGENCIES.index(e["urgency"]))
        groups.append(e["template"])
    return texts, y, np.asarray(u), groups


def vectorisers(params: dict) -> tuple[TfidfVectorizer, TfidfVectorizer]:
    """Word and character n-gram TF-IDF vectorisers."""
    word = TfidfVectorizer(
        ngram_range=params["word_ngrams"],
        min_df=params["min_df_word"],
        sublinear_tf=True,
        token_pattern=r"(?u)\b\w+\b|[^\w\s]",
        dtype=np.float32,
    )
    char = TfidfVectorizer(
        analyzer="char_wb",
        ngram_range=params["char_ngrams"],
        min_df=params["min_df_char"],
        sublinear_tf=True,
        dtype=np.float32,
    )
    return word, char


def fit(
    texts: list[str], y: np.ndarray, u: np.ndarray, params: dict, weights: np.ndarray | None = None
) -> dict:
    """Fit vectorisers, one logistic regression per category label, and the urgency model."""
    word, char = vectorisers(params)
    cues = CueFeatures(CUES)
    x = sp.hstack(
        [word.fit_transform(texts), char.fit_transform(texts), cues.transform(texts)], format="csr"
    )
    coefs, biases = [], []
    for k in range(y.shape[1]):
        clf = LogisticRegression(C=params["C_cat"], solver="liblinear", random_state=SEED)
        clf.fit(x, y[:, k], sample_weight=weights)
        coefs.append(clf.coef_[0])
        biases.append(clf.intercept_[0])
    urg = LogisticRegression(C=params["C_urg"], max_iter=2000, random_state=SEED)
    reported = y[:, LABELS.index(NOT_A_REPORT)] == 0
    urg.fit(x[reported], u[reported], sample_weight=None if weights is None else weights[reported])
    order = [list(urg.classes_).index(i) for i in range(len(URGENCIES))]
    # A separate, class-balanced head for 'risk to life now', so its threshold can favour recall.
    emerg = LogisticRegression(
        C=params["C_em"], solver="liblinear", class_weight="balanced", random_state=SEED
    )
    # On every post, reports or not, so risk words used in jest learn their weight too.
    emerg.fit(
        x, ((u == URGENCIES.index("emergency")) & reported).astype(int), sample_weight=weights
    )
    return {
        "format": 4,
        "name": "linear-tfidf-logreg",
        "sklearn": sklearn.__version__,
        "params": params,
        "word": export(word),
        "char": export(char),
        "cues": CUES,
        "labels": LABELS,
        "urgencies": list(URGENCIES),
        "cat_coef": np.asarray(coefs, dtype=np.float32),
        "cat_bias": np.asarray(biases, dtype=np.float32),
        "urg_coef": urg.coef_[order].astype(np.float32),
        "urg_bias": urg.intercept_[order].astype(np.float32),
        "em_coef": emerg.coef_[0].astype(np.float32),
        "em_bias": float(emerg.intercept_[0]),
        "emergency_threshold": 0.5,
        "secondary_threshold": 0.5,
        "combinable": COMBINABLE,
    }


def out_of_fold(rows: list[dict], params: dict, folds: int = 5) -> list:
    """Category and urgency probabilities for each training post from a model that never saw it."""
    from triage.model import TextModel

    texts, y, u, groups = targets(rows)
    raw = [r["mention"]["text"] for r in rows]
    result: list = [None] * len(rows)
    probs = np.zeros((len(rows), len(LABELS)), dtype=np.float32)
    for train_idx, test_idx in GroupKFold(n_splits=folds).split(texts, groups=groups):
        weights = sample_weights([groups[i] for i in train_idx], params)
        art = fit([texts[i] for i in train_idx], y[train_idx], u[train_idx], params, weights)
        model = TextModel(art)
        fold_raw = [raw[i] for i in test_idx]
        probs[test_idx] = model.category_probabilities(fold_raw)
        for i, p in zip(test_idx, model.predict(fold_raw, explain=False), strict=True):
            result[i] = p
    out_of_fold.probabilities = probs  # type: ignore[attr-defined]
    return result


def tune_secondary(rows: list[dict], probs: np.ndarray) -> float:
    """The threshold at which 'a collision that damaged street furniture' is best told (OOF F1)."""
    rc = LABELS.index("road_collision")
    furniture = [LABELS.index(c) for c in COMBINABLE if c != "road_collision"]
    both = np.minimum(probs[:, rc], probs[:, furniture].max(axis=1))
    truth = np.array([isinstance(r["expect"]["category"], list) for r in rows])
    best, best_f1 = 0.5, -1.0
    for t in np.arange(0.1, 0.55, 0.05):
        tp = int(((both >= t) & truth).sum())
        f1 = 2 * tp / max(1, int((both >= t).sum()) + int(truth.sum()))
        if f1 > best_f1 + 1e-9:
            best, best_f1 = float(round(t, 2)), f1
    return best


GRID = [
    {**PARAMS, "C_cat": 4.0},
    PARAMS,
    {**PARAMS, "C_cat": 16.0},
    {**PARAMS, "char_ngrams": (3, 5)},
    {**PARAMS, "word_ngrams": (1, 3)},
]


def search(rows: list[dict], folds: int = 3) -> None:
    """Grouped cross-validation over a small grid (training split only); prints a table."""
    for params in GRID:
        t0 = time.perf_counter()
        preds = out_of_fold(rows, params, folds)
        ok = sum(_category_ok(r, p) for r, p in zip(rows, preds, strict=True))
        changed = {k: v for k, v in params.items() if PARAMS.get(k) != v} or "default"
        print(
            f"{changed!s:40s} oof category accuracy {ok / len(rows):.3f} "
            f"({time.perf_counter() - t0:.0f}s)"
        )


def _category_ok(r: dict, p) -> bool:
    want = r["expect"]["category"]
    return p.category in (want if isinstance(want, list) else [want])


def emergency_threshold(scores) -> float:  # type: ignore[no-untyped-def]
    """From out-of-fold scores of true emergencies: a threshold that misses (almost) none.

    Half a percent of them may sit below it, less a safety margin; never below 0.05.
    """
    if len(scores) == 0:
        return 0.5
    return float(max(0.05, min(0.5, np.percentile(scores, 0.5) * 0.8)))


def tune_emergency(rows: list[dict], preds: list) -> float:
    """The emergency threshold from out-of-fold predictions on the training split."""
    return emergency_threshold(
        [
            p.emergency_score
            for r, p in zip(rows, preds, strict=True)
            if r["expect"]["urgency"] == "emergency"
        ]
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep-corpus", action="store_true", help="do not regenerate the corpus")
    parser.add_argument("--out", type=Path, default=PACKAGED_MODEL)
    parser.add_argument("--no-cv", action="store_true", help="skip threshold tuning (quick)")
    parser.add_argument("--search", action="store_true", help="compare hyperparameters and stop")
    args = parser.parse_args(argv)
    if not args.keep_corpus:
        from triage.corpus.build import write

        write()
    rows = training_rows()
    if args.search:
        search(rows)
        return
    t0 = time.perf_counter()
    threshold, secondary = 0.5, 0.5
    if not args.no_cv:
        preds = out_of_fold(rows, PARAMS)
        threshold = tune_emergency(rows, preds)
        secondary = tune_secondary(rows, out_of_fold.probabilities)  # type: ignore[attr-defined]
        hits = sum(_category_ok(r, p) for r, p in zip(rows, preds, strict=True))
        print(
            f"grouped 5-fold out-of-fold category accuracy: {hits / len(rows):.3f}; "
            f"emergency threshold {threshold:.3f}; secondary threshold {secondary:.2f}"
        )
    texts, y, u, groups = targets(rows)
    art = fit(texts, y, u, PARAMS, sample_weights(groups, PARAMS))
    art["emergency_threshold"] = threshold
    art["secondary_threshold"] = secondary
    args.out.parent.mkdir(parents=True, exist_ok=True)
    joblib.dump(art, args.out, compress=3)
    size = args.out.stat().st_size
    print(
        f"trained on {len(rows)} posts in {time.perf_counter() - t0:.1f}s; "
        f"{art['cat_coef'].shape[1]} features; wrote {args.out} ({size / 1e6:.2f} MB)"
    )


if __name__ == "__main__":
    main()
