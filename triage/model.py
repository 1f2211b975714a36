"""The trained text model at run time: sparse n-gram features times weight matrices, in batches."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import joblib
import numpy as np
import scipy.sparse as sp

from triage.text import model_text

PACKAGED_MODEL = Path(__file__).parent / "data" / "model" / "triage-linear.joblib"
NOT_A_REPORT = "none"


@dataclass(frozen=True)
class Prediction:
    is_report: bool
    category: str | None
    secondary: list[str]
    urgency: str
    confidence: float
    urgency_scores: dict[str, float]
    words: list[str] = field(default_factory=list)


class ModelError(Exception):
    """The model artefact is missing or was built for another version of this code."""


class TextModel:
    """Category (one-vs-rest logistic) and urgency (multinomial logistic) over word+char n-grams."""

    FORMAT = 1

    def __init__(self, artefact: dict[str, Any], name: str = "linear") -> None:
        if artefact.get("format") != self.FORMAT:
            raise ModelError(f"model artefact format {artefact.get('format')!r} != {self.FORMAT}")
        self.word = artefact["word"]
        self.char = artefact["char"]
        self.labels: list[str] = artefact["labels"]
        self.urgencies: list[str] = artefact["urgencies"]
        self.cat_coef = sp.csr_matrix(artefact["cat_coef"].T.astype(np.float32))
        self.cat_bias = np.asarray(artefact["cat_bias"], dtype=np.float32)
        self.urg_coef = sp.csr_matrix(artefact["urg_coef"].T.astype(np.float32))
        self.urg_bias = np.asarray(artefact["urg_bias"], dtype=np.float32)
        self.emergency_threshold = float(artefact["emergency_threshold"])
        self.secondary_threshold = float(artefact["secondary_threshold"])
        self.combinable = set(artefact.get("combinable", []))
        self.word_names = np.asarray(self.word.get_feature_names_out())
        self.n_word = len(self.word_names)
        self._cat_word = np.asarray(artefact["cat_coef"][:, : self.n_word], dtype=np.float32)
        self.none_index = self.labels.index(NOT_A_REPORT)
        self.name = name

    @classmethod
    def load(cls, path: Path | None = None) -> TextModel:
        """Load an artefact written by `python -m triage.train` (None: the packaged one)."""
        path = Path(path) if path is not None else PACKAGED_MODEL
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise ModelError(f"{path}: cannot read the model artefact: {exc}") from None
        artefact = joblib.load(path)
        digest = hashlib.sha256(data).hexdigest()[:10]
        return cls(artefact, name=f"{artefact.get('name', 'linear')}@{digest}")

    def features(self, texts: list[str]) -> tuple[sp.csr_matrix, sp.csr_matrix]:
        """Word and character n-gram features for already-normalised texts."""
        return self.word.transform(texts), self.char.transform(texts)

    def predict(self, raw_texts: list[str], *, explain: bool = True) -> list[Prediction]:
        """Predict for a batch of posts as written."""
        if not raw_texts:
            return []
        texts = [model_text(t) for t in raw_texts]
        xw, xc = self.features(texts)
        x = sp.hstack([xw, xc], format="csr", dtype=np.float32)
        cat = 1.0 / (1.0 + np.exp(-(np.asarray((x @ self.cat_coef).todense()) + self.cat_bias)))
        urg = np.asarray((x @ self.urg_coef).todense()) + self.urg_bias
        urg = np.exp(urg - urg.max(axis=1, keepdims=True))
        urg /= urg.sum(axis=1, keepdims=True)
        emergency = self.urgencies.index("emergency")
        low = self.urgencies.index("low")
        out: list[Prediction] = []
        for i in range(len(texts)):
            row = cat[i]
            best = int(row.argmax())
            scores = {u: round(float(urg[i, j]), 4) for j, u in enumerate(self.urgencies)}
            if best == self.none_index:
                out.append(Prediction(False, None, [], "low", float(row[best]), scores))
                continue
            label = self.labels[best]
            secondary = [
                self.labels[j]
                for j in np.argsort(-row)
                if j not in (best, self.none_index)
                and row[j] >= self.secondary_threshold
                and {label, self.labels[j]} <= self.combinable
            ]
            if urg[i, emergency] >= self.emergency_threshold:
                urgency = "emergency"
            else:
                u = urg[i].copy()
                u[emergency] = -1.0
                urgency = self.urgencies[int(u.argmax())] if u.max() > 0 else self.urgencies[low]
            words = self._words(xw, i, best) if explain else []
            out.append(Prediction(True, label, secondary, urgency, float(row[best]), scores, words))
        return out

    def _words(self, xw: sp.csr_matrix, i: int, k: int, top: int = 3) -> list[str]:
        """The word n-grams in the post that pushed hardest towards the chosen category."""
        start, end = xw.indptr[i], xw.indptr[i + 1]
        cols = xw.indices[start:end]
        if len(cols) == 0:
            return []
        contrib = xw.data[start:end] * self._cat_word[k, cols]
        order = np.argsort(-contrib)[:top]
        return [str(self.word_names[cols[j]]) for j in order if contrib[j] > 0]
