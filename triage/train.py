"""`python -m triage.train`: fit the text model on the training split and write the artefact.

Reproducible: fixed seed, deterministic solvers, the corpus regenerated from its seed first
(pass --keep-corpus to train on the files as they are). Thresholds come from grouped
cross-validation on the training split only; the held-out split is never read here.
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

from triage.model import NOT_A_REPORT, PACKAGED_MODEL
from triage.schema import CATEGORIES, URGENCIES
from triage.text import model_text

CORPUS = Path(__file__).parent / "data" / "corpus"
SEED = 7
PARAMS = {"C_cat": 8.0, "C_urg": 4.0, "word_ngrams": (1, 2), "char_ngrams": (2, 5),
          "min_df_word": 2, "min_df_char": 3}
COMBINABLE = ["road_collision", "traffic_signal", "street_light", "road_defect"]
LABELS = [*CATEGORIES, NOT_A_REPORT]


def read_corpus(name: str) -> list[dict]:
    """Records of one split."""
    with (CORPUS / name).open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


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
    word = TfidfVectorizer(ngram_range=params["word_ngrams"], min_df=params["min_df_word"],
                           sublinear_tf=True, token_pattern=r"(?u)\b\w+\b|[^\w\s]",
                           dtype=np.float32)
    char = TfidfVectorizer(analyzer="char_wb", ngram_range=params["char_ngrams"],
                           min_df=params["min_df_char"], sublinear_tf=True, dtype=np.float32)
    return word, char


def fit(texts: list[str], y: np.ndarray, u: np.ndarray, params: dict) -> dict:
    """Fit vectorisers, one logistic regression per category label, and the urgency model."""
    word, char = vectorisers(params)
    x = sp.hstack([word.fit_transform(texts), char.fit_transform(texts)], format="csr")
    coefs, biases = [], []
    for k in range(y.shape[1]):
        clf = LogisticRegression(C=params["C_cat"], solver="liblinear", random_state=SEED)
        clf.fit(x, y[:, k])
        coefs.append(clf.coef_[0])
        biases.append(clf.intercept_[0])
    urg = LogisticRegression(C=params["C_urg"], max_iter=2000, random_state=SEED)
    reported = y[:, LABELS.index(NOT_A_REPORT)] == 0
    urg.fit(x[reported], u[reported])
    order = [list(urg.classes_).index(i) for i in range(len(URGENCIES))]
    return {
        "format": 1,
        "name": "linear-tfidf-logreg",
        "sklearn": sklearn.__version__,
        "params": params,
        "word": word,
        "char": char,
        "labels": LABELS,
        "urgencies": list(URGENCIES),
        "cat_coef": np.asarray(coefs, dtype=np.float32),
        "cat_bias": np.asarray(biases, dtype=np.float32),
        "urg_coef": urg.coef_[order].astype(np.float32),
        "urg_bias": urg.intercept_[order].astype(np.float32),
        "emergency_threshold": 0.5,
        "secondary_threshold": 0.5,
        "combinable": COMBINABLE,
    }


def out_of_fold(rows: list[dict], params: dict, folds: int = 5) -> list[tuple[np.ndarray, np.ndarray]]:
    """Category and urgency probabilities for each training post from a model that never saw it."""
    from triage.model import TextModel

    texts, y, u, groups = targets(rows)
    raw = [r["mention"]["text"] for r in rows]
    result: list = [None] * len(rows)
    for train_idx, test_idx in GroupKFold(n_splits=folds).split(texts, groups=groups):
        art = fit([texts[i] for i in train_idx], y[train_idx], u[train_idx], params)
        model = TextModel(art)
        for i, p in zip(test_idx, model.predict([raw[i] for i in test_idx], explain=False),
                        strict=True):
            result[i] = p
    return result


def tune_emergency(rows: list[dict], preds: list) -> float:
    """The highest threshold at which no out-of-fold emergency is missed, less a safety margin."""
    scores = [p.urgency_scores["emergency"] for r, p in zip(rows, preds, strict=True)
              if r["expect"]["urgency"] == "emergency"]
    return float(max(0.05, min(0.5, min(scores) * 0.8))) if scores else 0.5


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep-corpus", action="store_true", help="do not regenerate the corpus")
    parser.add_argument("--out", type=Path, default=PACKAGED_MODEL)
    parser.add_argument("--no-cv", action="store_true", help="skip threshold tuning (quick)")
    args = parser.parse_args(argv)
    if not args.keep_corpus:
        from triage.corpus.build import write

        write()
    rows = read_corpus("train.jsonl")
    t0 = time.perf_counter()
    threshold = 0.5
    if not args.no_cv:
        preds = out_of_fold(rows, PARAMS)
        threshold = tune_emergency(rows, preds)
        hits = sum(
            (p.category in (r["expect"]["category"] if isinstance(r["expect"]["category"], list)
                            else [r["expect"]["category"]]))
            for r, p in zip(rows, preds, strict=True)
        )
        print(f"grouped 5-fold out-of-fold category accuracy: {hits / len(rows):.3f}; "
              f"emergency threshold {threshold:.3f}")
    texts, y, u, _ = targets(rows)
    art = fit(texts, y, u, PARAMS)
    art["emergency_threshold"] = threshold
    args.out.parent.mkdir(parents=True, exist_ok=True)
    joblib.dump(art, args.out, compress=("xz", 6))
    size = args.out.stat().st_size
    print(f"trained on {len(rows)} posts in {time.perf_counter() - t0:.1f}s; "
          f"{art['cat_coef'].shape[1]} features; wrote {args.out} ({size / 1e6:.2f} MB)")


if __name__ == "__main__":
    main()
