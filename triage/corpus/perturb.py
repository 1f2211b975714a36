"""How real posts differ from tidy sentences: case, txt-speak, typos, emoji, shouting."""

from __future__ import annotations

import random
import re
from collections.abc import Callable

from triage.corpus.vocab import CLOSERS, EMOJI, OPENERS, TXT

KEYBOARD_NEIGHBOURS = {
    "a": "sqw",
    "b": "vn",
    "c": "xv",
    "d": "sf",
    "e": "wr",
    "f": "dg",
    "g": "fh",
    "h": "gj",
    "i": "uo",
    "j": "hk",
    "k": "jl",
    "l": "k",
    "m": "n",
    "n": "bm",
    "o": "ip",
    "p": "o",
    "r": "et",
    "s": "ad",
    "t": "ry",
    "u": "yi",
    "v": "cb",
    "w": "qe",
    "y": "tu",
}
SENTINEL = "\x00"
_TXT_RES = [(re.compile(rf"\b{re.escape(k)}\b", re.IGNORECASE), v) for k, v in TXT.items()]


def typo(word: str, rng: random.Random) -> str:
    """One slip of the finger in a word."""
    if len(word) < 4 or not word.isalpha():
        return word
    i = rng.randrange(1, len(word) - 1)
    kind = rng.random()
    if kind < 0.3:
        return word[:i] + word[i + 1 :]
    if kind < 0.55:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if kind < 0.75:
        return word[:i] + word[i] + word[i:]
    near = KEYBOARD_NEIGHBOURS.get(word[i].lower())
    return word[:i] + rng.choice(near) + word[i + 1 :] if near else word


def _chooser(rng: random.Random, options: list[str]) -> Callable[[re.Match[str]], str]:
    def choose(_: re.Match[str]) -> str:
        return rng.choice(options)

    return choose


def perturb(text: str, rng: random.Random, *, mood: str) -> str:
    """Roughen a filled template; the location sentinel is left untouched."""
    if rng.random() < 0.18:
        for rx, subs in _TXT_RES:
            if rng.random() < 0.6:
                text = rx.sub(_chooser(rng, subs), text)
    words = text.split(" ")
    n_typos = rng.choice((0, 0, 0, 1, 1, 2))
    for _ in range(n_typos):
        j = rng.randrange(len(words))
        if SENTINEL not in words[j]:
            words[j] = typo(words[j], rng)
    if rng.random() < 0.06:
        j = rng.randrange(len(words))
        if SENTINEL not in words[j]:
            words[j] = words[j].upper()
    text = " ".join(words)
    r = rng.random()
    if r < 0.25:
        text = text.lower()
    elif r < 0.29:
        text = text.upper()
    if rng.random() < 0.15:
        text = re.sub(r"[.,;:!?]", "", text)
    if rng.random() < 0.12:
        text = text.rstrip(".") + rng.choice(("!!", "!!!", "?!", "..."))
    if rng.random() < 0.15:
        text = f"{rng.choice(OPENERS)} {text[0].lower()}{text[1:]}"
    if rng.random() < 0.2:
        text = f"{text.rstrip()} {rng.choice(CLOSERS)}"
    if rng.random() < 0.3:
        pool = EMOJI.get(mood, EMOJI["things"]) + EMOJI["things"]
        if mood != "alarm" and rng.random() < 0.2:
            pool = pool + EMOJI["alarm"]
        text = f"{text} {''.join(rng.choice(pool) for _ in range(rng.choice((1, 1, 2, 3))))}"
    return text
