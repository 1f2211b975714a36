"""Finding named places, roads and facilities in free text: token n-grams against an index."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from itertools import product

from triage.words import is_common_english, welsh_mutations

URL_RE = re.compile(r"https?://\S+|www\.\S+", re.IGNORECASE)
HANDLE_RE = re.compile(r"(?<![\w@])@([A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)*)(@[A-Za-z0-9.-]+)?")
HASHTAG_RE = re.compile(r"#(\w+)")
CAMEL_RE = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|(?<=[0-9])(?=[a-z]{3})")
TOKEN_RE = re.compile(r"[a-z0-9]+")
APOSTROPHES = str.maketrans({"'": "", "\u2019": "", "`": "", "\u2018": "", "&": " and "})
# Spelling variants people use for the same street furniture of a name.
ABBREVIATIONS = {
    "street": ("st",),
    "road": ("rd",),
    "square": ("sq",),
    "lane": ("ln",),
    "saint": ("st",),
    "st": ("saint",),
    "hospital": ("hosp",),
}
MAX_NGRAM = 6
# A town's name before one of these names a street, often far from the town (Inverness
# Terrace and Cambridge Street are in Westminster); not words that are also verbs ('close').
STREET_WORDS = frozenset(
    [
        "street",
        "st",
        "road",
        "rd",
        "terrace",
        "avenue",
        "ave",
        "place",
        "pl",
        "square",
        "sq",
        "gardens",
        "gdns",
        "crescent",
        "lane",
        "ln",
        "mews",
        "grove",
        "villas",
    ]
)


POSSESSIVE_RE = re.compile(r"(?<=\w)['\u2019]s\b")
# Welsh clitics: "gwifrau'n" is "gwifrau yn", "a'r" is "a yr" (a word each, not one run together).
CLITIC_RE = re.compile(r"(?<=\w)['\u2019](?=[nrw]\b)")


def fold(text: str) -> str:
    """Lower case, accents dropped, possessive 's and apostrophes removed, '&' spelled out."""
    if "'" in text or "\u2019" in text:
        text = CLITIC_RE.sub(" ", POSSESSIVE_RE.sub("", text))
    text = text.translate(APOSTROPHES)
    if not text.isascii():
        # Accents off (Cwmbrân -> Cwmbran); emoji and other non-Latin symbols go too.
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return text.lower()


def strip_handles_and_urls(text: str) -> str:
    """The post without links and @handles (a handle naming a town is not a location)."""
    if "http" in text or "www." in text:
        text = URL_RE.sub(" ", text)
    return HANDLE_RE.sub(" ", text) if "@" in text else text


def split_hashtags(text: str) -> tuple[str, list[str]]:
    """Hashtags as words (#AbergavennyFloods -> Abergavenny Floods), plus the raw tags."""
    tags: list[str] = []

    def repl(m: re.Match[str]) -> str:
        tags.append(fold(m.group(1)).replace("_", ""))
        return " " + CAMEL_RE.sub(" ", m.group(1)).replace("_", " ") + " "

    return (HASHTAG_RE.sub(repl, text) if "#" in text else text), tags


def tokens(text: str) -> list[str]:
    """Folded word tokens."""
    return TOKEN_RE.findall(fold(text))


@dataclass(frozen=True)
class Target:
    kind: str  # place | road | facility
    id: str
    how: str  # name | welsh | alias | misspelling | mutation


@dataclass(frozen=True)
class Match:
    written: str
    targets: tuple[Target, ...]
    start: int
    in_hashtag: bool = False
    # Written just before a street word ('Chepstow Road'): a street unless nothing else is named.
    before_street: bool = False


def _variants(name: str) -> set[tuple[str, ...]]:
    toks = tokens(name)
    options = [(t, *ABBREVIATIONS.get(t, ())) for t in toks]
    return {tuple(v) for v in product(*options)}


def _typos(word: str) -> set[str]:
    """Single-slip spellings of a long one-word name: a letter dropped, doubled, swapped or
    wrong (never an everyday English word)."""
    out = set()
    for i in range(len(word)):
        out.add(word[:i] + word[i + 1 :])
        out.add(word[:i] + word[i] + word[i:])
        if i + 1 < len(word):
            out.add(word[:i] + word[i + 1] + word[i] + word[i + 2 :])
        out.update(word[:i] + c + word[i + 1 :] for c in "abcdefghijklmnopqrstuvwxyz")
    out.discard(word)
    return {t for t in out if not is_common_english(t)}


# After 'the', a river's name is the river ('over the Usk'), unless a noun follows that it
# names the town's own ('the Usk car park').
NOUNS = frozenset(
    {
        "car",
        "town",
        "high",
        "bridge",
        "road",
        "street",
        "rd",
        "st",
        "primary",
        "school",
        "library",
        "surgery",
        "community",
        "leisure",
        "rugby",
        "football",
        "show",
        "market",
        "council",
        "area",
        "branch",
        "office",
        "station",
        "valley",
    }
)


class NameIndex:
    """All the ways a name can be written, each mapped to what it names."""

    def __init__(self) -> None:
        self._spaced: dict[str, list[Target]] = {}
        self._joined: dict[str, list[Target]] = {}
        self._typos: dict[str, set[Target]] = {}
        self._mutated: dict[str, set[Target]] = {}
        # Places outside every area: their names before a street word are streets (see above).
        self.outside: set[str] = set()
        # Places named after their river: 'the Usk' is the river, 'Usk' the town.
        self.rivers: set[str] = set()
        self.max_len = 1

    def add(self, written: str, target: Target) -> None:
        """Index a name, its abbreviations, and its spelling without spaces."""
        for toks in _variants(written):
            if not toks:
                continue
            self.max_len = max(self.max_len, len(toks))
            bucket = self._spaced.setdefault(" ".join(toks), [])
            if target not in bucket:
                bucket.append(target)
            if len(toks) > 1:
                joined = self._joined.setdefault("".join(toks), [])
                if target not in joined:
                    joined.append(target)
            if len(toks) == 1 and len(toks[0]) >= 7 and target.how in ("name", "welsh"):
                for typo in _typos(toks[0]):
                    self._typos.setdefault(typo, set()).add(
                        Target(target.kind, target.id, "misspelling")
                    )
            if target.kind == "place" and target.how in ("name", "welsh", "alias"):
                for first in welsh_mutations(toks[0]):
                    if len(toks) == 1 and is_common_english(first):
                        continue
                    self._mutated.setdefault(" ".join((first, *toks[1:])), set()).add(
                        Target(target.kind, target.id, "mutation")
                    )

    def freeze(self) -> None:
        """Fold in generated misspellings and Welsh mutations that name exactly one thing and
        clash with nothing."""
        # Hashtags are searched for names as written, not for every generated spelling.
        self._tag_keys = sorted(
            ((k.replace(" ", ""), v) for k, v in self._spaced.items() if len(k) >= 4),
            key=lambda kv: -len(kv[0]),
        )
        # A mutated name is as ambiguous as the name itself ('ym Mangor': which Bangor?).
        for mutated, targets in self._mutated.items():
            if mutated not in self._spaced:
                self._spaced[mutated] = sorted(targets, key=lambda t: (t.kind, t.id))
        self._mutated.clear()
        for typo, targets in self._typos.items():
            if len({(t.kind, t.id) for t in targets}) == 1 and typo not in self._spaced:
                self._spaced[typo] = list(targets)
        self._typos.clear()
        # Only positions whose token can start a name are tried (most tokens cannot).
        self._starts: dict[str, int] = {}
        for k in [*self._spaced, *self._joined]:
            parts = k.split(" ")
            self._starts[parts[0]] = max(self._starts.get(parts[0], 1), len(parts))

    def find(self, text: str, hashtags: list[str]) -> list[Match]:
        """Longest non-overlapping names in the text, then names run together inside hashtags."""
        toks = TOKEN_RE.findall(fold(text))
        found: list[Match] = []
        i, n = 0, len(toks)
        spaced, joined, starts = self._spaced, self._joined, self._starts
        while i < n:
            longest = starts.get(toks[i])
            if longest is None:
                i += 1
                continue
            hit = None
            for size in range(min(longest, n - i), 0, -1):
                key = " ".join(toks[i : i + size])
                targets = spaced.get(key)
                if targets is None and size == 1:
                    targets = joined.get(key)
                if targets is not None:
                    after = toks[i + size] if i + size < n else ""
                    if after in STREET_WORDS and all(t.id in self.outside for t in targets):
                        break
                    before = toks[i - 1] if i else ""
                    if (
                        before in ("river", "afon") or (before == "the" and after not in NOUNS)
                    ) and all(t.id in self.rivers for t in targets):
                        break
                    hit = Match(key, tuple(targets), i, before_street=after in STREET_WORDS)
                    i += size
                    break
            if hit is None:
                i += 1
            else:
                found.append(hit)
        # 'Chepstow Road in Newport' is a street in Newport; 'Chepstow Road' alone is the town's.
        if any(m.before_street for m in found) and not all(m.before_street for m in found):
            found = [m for m in found if not m.before_street]
        for tag in hashtags:
            if tag in spaced or tag in joined or any(tag == m.written for m in found):
                continue
            for key, targets in self._tag_keys:
                if key in tag and (len(key) >= 6 or tag.startswith(key) or tag.endswith(key)):
                    found.append(Match(key, tuple(targets), n, in_hashtag=True))
                    break
        return found
