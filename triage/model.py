"""The trained text model at run time: sparse n-gram features times weight matrices, in batches."""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import joblib
import numpy as np
import scipy.sparse as sp

from triage.cues import CueFeatures
from triage.features import TfidfFeatures
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
    emergency_score: float
    words: list[str] = field(default_factory=list)
    risk_cues: list[str] = field(default_factory=list)


class ModelError(Exception):
    """The model artefact is missing or was built for another version of this code."""


class TextModel:
    """Category (one-vs-rest logistic) and urgency (multinomial logistic) over word+char n-grams."""

    FORMAT = 4
    RISK_MAKES_A_REPORT = 0.5

    def __init__(self, artefact: dict[str, Any], name: str = "linear") -> None:
        if artefact.get("format") != self.FORMAT:
            raise ModelError(f"model artefact format {artefact.get('format')!r} != {self.FORMAT}")
        self.word = TfidfFeatures(artefact["word"])
        self.char = TfidfFeatures(artefact["char"])
        self.cues = CueFeatures(artefact["cues"])
        self.labels: list[str] = artefact["labels"]
        self.urgencies: list[str] = artefact["urgencies"]
        # Dense weights: sparse rows times a dense matrix is the fast path in scipy.
        # The three heads side by side: one pass over the sparse features scores them all.
        self.cat_coef = np.ascontiguousarray(artefact["cat_coef"].T, dtype=np.float32)
        self.cat_bias = np.asarray(artefact["cat_bias"], dtype=np.float32)
        n_cat, n_urg = self.cat_coef.shape[1], len(artefact["urgencies"])
        self._heads = np.ascontiguousarray(
            np.hstack([self.cat_coef, artefact["urg_coef"].T, artefact["em_coef"][:, None]]),
            dtype=np.float32,
        )
        self._head_bias = np.concatenate(
            [self.cat_bias, artefact["urg_bias"], [artefact["em_bias"]]]
        ).astype(np.float32)
        self._cat_cols = slice(0, n_cat)
        self._urg_cols = slice(n_cat, n_cat + n_urg)
        self._em_col = n_cat + n_urg
        self.emergency_threshold = float(artefact["emergency_threshold"])
        self.secondary_threshold = float(artefact["secondary_threshold"])
        self.combinable = set(artefact.get("combinable", []))
        self.word_names = self.word.names
        self.n_word = len(self.word_names)
        self._cat_word = np.asarray(artefact["cat_coef"][:, : self.n_word], dtype=np.float32)
        self.none_index = self.labels.index(NOT_A_REPORT)
        self._emergency = self.urgencies.index("emergency")
        self.collision = "road_collision"
        self._combinable_mask = np.array([lab in self.combinable for lab in self.labels])
        self.name = name

    @classmethod
    def load(cls, path: Path | None = None) -> TextModel:
        """Load an artefact written by `python -m triage.train` (None: the packaged one)."""
        path = Path(path) if path is not None else PACKAGED_MODEL
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise ModelError(f"{path}: cannot read the model artefact: {exc}") from None
        artefact = joblib.load(io.BytesIO(data))
        digest = hashlib.sha256(data).hexdigest()[:10]
        return cls(artefact, name=f"{artefact.get('name', 'linear')}@{digest}")

    def features(self, texts: list[str]) -> tuple[sp.csr_matrix, sp.csr_matrix]:
        """Word and character n-gram features for already-normalised texts."""
        return self.word.transform(texts), self.char.transform(texts)

    def _matrix(self, raw_texts: list[str]) -> tuple[sp.csr_matrix, sp.csr_matrix, sp.csr_matrix]:
        texts = [model_text(t) for t in raw_texts]
        xw, xc = self.features(texts)
        cues = self.cues.transform(texts)
        x = sp.hstack([xw, xc, cues], format="csr", dtype=np.float32)
        return xw, x, cues

    def category_probabilities(self, raw_texts: list[str]) -> np.ndarray:
        """One-vs-rest probability of each label (columns in self.labels order)."""
        _, x, _ = self._matrix(raw_texts)
        return 1.0 / (1.0 + np.exp(-(x @ self.cat_coef + self.cat_bias)))

    def predict(self, raw_texts: list[str], *, explain: bool = True) -> list[Prediction]:
        """Predict for a batch of posts as written."""
        if not raw_texts:
            return []
        xw, x, cues = self._matrix(raw_texts)
        scores = x @ self._heads + self._head_bias
        cat = 1.0 / (1.0 + np.exp(-scores[:, self._cat_cols]))
        urg = scores[:, self._urg_cols]
        urg = np.exp(urg - urg.max(axis=1, keepdims=True))
        urg /= urg.sum(axis=1, keepdims=True)
        em = 1.0 / (1.0 + np.exp(-scores[:, self._em_col]))
        best_idx = cat.argmax(axis=1)
        # Silence on a risk to life costs more than answering a post that needed no answer: a
        # post the risk head is sure of is a report, of its likeliest report category.
        overruled = (best_idx == self.none_index) & (em >= self.RISK_MAKES_A_REPORT)
        if overruled.any():
            reports_only = cat.copy()
            reports_only[:, self.none_index] = -1.0
            best_idx = np.where(overruled, reports_only.argmax(axis=1), best_idx)
        best_p = cat[np.arange(len(raw_texts)), best_idx]
        # Secondary candidates: confident, combinable, not the best; rare, so found in bulk.
        second = (cat >= self.secondary_threshold) & self._combinable_mask
        second[np.arange(len(raw_texts)), best_idx] = False
        non_em = urg.copy()
        non_em[:, self._emergency] = -1.0
        urg_idx = non_em.argmax(axis=1)
        # The safety net under the score: a report naming a risk to life (an injury, a fire, a
        # weapon, live wires, someone in the water...) is an emergency unless it says no one is
        # hurt, not yet, not now, or in jest (cues.CALMING). Costs about a point of false
        # alarms; catches the phrasings the score has not learnt.
        netted = self.cues.risk_to_life(cues) & (em < self.emergency_threshold)
        is_em = (em >= self.emergency_threshold) | netted
        urg_list, em_list, best_list = urg.tolist(), em.tolist(), best_p.tolist()
        out: list[Prediction] = []
        for i, k in enumerate(best_idx.tolist()):
            scores = dict(zip(self.urgencies, urg_list[i], strict=True))
            if k == self.none_index:
                out.append(Prediction(False, None, [], "low", best_list[i], scores, em_list[i]))
                continue
            label = self.labels[k]
            secondary: list[str] = []
            if label in self.combinable and second[i].any():
                # One partner only: a collision plus the item it damaged, or the item plus
                # the collision that damaged it (never two furniture items).
                order = np.argsort(-cat[i])
                partners = [self.labels[j] for j in order if second[i, j]]
                secondary = [
                    p for p in partners if (p == self.collision) != (label == self.collision)
                ][:1]
            urgency = "emergency" if is_em[i] else self.urgencies[urg_idx[i]]
            words = self._words(xw, i, k) if explain else []
            risk_cues = self.cues.risk_names(cues, i) if explain and netted[i] else []
            out.append(
                Prediction(
                    True,
                    label,
                    secondary,
                    urgency,
                    best_list[i],
                    scores,
                    em_list[i],
                    words,
                    risk_cues,
                )
            )
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
