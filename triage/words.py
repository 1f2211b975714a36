"""Word knowledge shared by the gazetteer and the cues: common English words, Welsh mutations."""

from __future__ import annotations

from functools import cache

# Seen this often in the English frequency list, a spelling is a word of its own, not a typo.
COMMON_WORD_COUNT = 20

# Welsh initial consonant mutations: after 'yn' a place name takes the nasal ('yng Nghas-gwent',
# 'ym Mrynbuga'), after 'i', 'o' or 'ger' the soft ('i Gas-gwent'), after 'a' the aspirate.
_MUTATIONS = {
    "p": ("b", "mh", "ph"),
    "t": ("d", "nh", "th"),
    "c": ("g", "ngh", "ch"),
    "b": ("f", "m"),
    "d": ("dd", "n"),
    "g": ("", "ng"),
    "m": ("f",),
    "ll": ("l",),
    "rh": ("r",),
}


@cache
def _english_counts():  # type: ignore[no-untyped-def]
    from spellchecker import SpellChecker

    return SpellChecker(language="en", distance=1).word_frequency


def is_common_english(word: str) -> bool:
    """True when the (lower-case) word is an everyday English word."""
    return _english_counts()[word] >= COMMON_WORD_COUNT


def welsh_mutations(word: str) -> set[str]:
    """The word's mutated forms (lower case), the word itself not included; a word starting
    with a vowel takes an 'h' after 'ei', 'eu' and 'ein' ('wedi'u hanafu')."""
    if word[:1] in "aeiouwy":
        return {"h" + word}
    for radical in ("ll", "rh", *"ptcbdgm"):
        if word.startswith(radical):
            rest = word[len(radical) :]
            return {m + rest for m in _MUTATIONS[radical] if len(m + rest) >= 3}
    return set()
