"""TF-IDF n-gram features without scikit-learn at run time (same numbers as its TfidfVectorizer).

Training fits scikit-learn's vectorisers; `export` keeps only their vocabulary and idf weights, so
loading the model imports numpy and scipy only, and character n-grams are cached per word.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import scipy.sparse as sp

WORD_TOKEN_PATTERN = r"(?u)\b\w+\b|[^\w\s]"
_WHITE = re.compile(r"\s\s+")
_CACHE_LIMIT = 200_000


def export(vectoriser: Any) -> dict[str, Any]:
    """The parts of a fitted TfidfVectorizer needed to reproduce its transform."""
    vocab = sorted(vectoriser.vocabulary_, key=vectoriser.vocabulary_.__getitem__)
    if vectoriser.analyzer not in ("word", "char_wb"):
        raise ValueError(f"unsupported analyzer {vectoriser.analyzer!r}")
    if not (vectoriser.lowercase and vectoriser.sublinear_tf and vectoriser.norm == "l2"):
        raise ValueError("expected lowercase, sublinear_tf and l2 norm")
    return {
        "analyzer": vectoriser.analyzer,
        "ngram_range": tuple(vectoriser.ngram_range),
        "token_pattern": vectoriser.token_pattern,
        "vocabulary": vocab,
        "idf": np.asarray(vectoriser.idf_, dtype=np.float32),
    }


class TfidfFeatures:
    """Transform texts to L2-normalised sublinear TF-IDF rows, as the exported vectoriser did."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self.analyzer = spec["analyzer"]
        self.min_n, self.max_n = spec["ngram_range"]
        self.names: list[str] = list(spec["vocabulary"])
        self.vocabulary = {name: i for i, name in enumerate(self.names)}
        self.idf = np.asarray(spec["idf"], dtype=np.float32)
        self.token_re = re.compile(spec.get("token_pattern") or WORD_TOKEN_PATTERN)
        self._cache: dict[str, np.ndarray] = {}

    def __len__(self) -> int:
        return len(self.names)

    def _word_indices(self, text: str) -> list[int]:
        tokens = self.token_re.findall(text.lower())
        vocab = self.vocabulary
        out: list[int] = []
        for n in range(self.min_n, self.max_n + 1):
            if n == 1:
                grams = tokens
            elif n == 2:
                grams = [f"{a} {b}" for a, b in zip(tokens, tokens[1:])]  # noqa: B905
            else:
                grams = [" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1)]
            out.extend([j for j in map(vocab.get, grams) if j is not None])
        return out

    def _char_word(self, word: str) -> np.ndarray:
        got = self._cache.get(word)
        if got is not None:
            return got
        w = f" {word} "
        vocab = self.vocabulary
        found = []
        for n in range(self.min_n, self.max_n + 1):
            offset = 0
            j = vocab.get(w[offset : offset + n])
            if j is not None:
                found.append(j)
            while offset + n < len(w):
                offset += 1
                j = vocab.get(w[offset : offset + n])
                if j is not None:
                    found.append(j)
            if offset == 0:  # the word is shorter than n: one n-gram only, as sklearn does
                break
        arr = np.asarray(found, dtype=np.int32)
        if len(self._cache) > _CACHE_LIMIT:
            self._cache.clear()
        self._cache[word] = arr
        return arr

    def _char_indices(self, text: str) -> np.ndarray:
        parts = [self._char_word(w) for w in _WHITE.sub(" ", text.lower()).split()]
        return np.concatenate(parts) if parts else np.empty(0, dtype=np.int32)

    def transform(self, texts: list[str]) -> sp.csr_matrix:
        """One sparse row per text."""
        rows: list[Any] = []
        if self.analyzer == "word":
            rows = [np.asarray(self._word_indices(t), dtype=np.int32) for t in texts]
        else:
            rows = [self._char_indices(t) for t in texts]
        indptr = np.zeros(len(rows) + 1, dtype=np.int64)
        np.cumsum([len(r) for r in rows], out=indptr[1:])
        indices = np.concatenate(rows) if rows else np.empty(0, dtype=np.int32)
        m = sp.csr_matrix(
            (np.ones(len(indices), dtype=np.float32), indices, indptr),
            shape=(len(rows), len(self.names)),
        )
        m.sum_duplicates()
        m.data = (np.log(m.data) + 1.0) * self.idf[m.indices]
        norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1), dtype=np.float32).ravel())
        norms[norms == 0] = 1.0
        m.data /= np.repeat(norms, np.diff(m.indptr))
        return m
