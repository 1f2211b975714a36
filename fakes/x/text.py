"""Post text rules of X, as the fake applies them: weighted length, mentions, URLs.

Length follows twitter-text's v3 configuration in a simplified form: code points in
U+0000-U+10FF, U+2000-U+200D, U+2010-U+201F and U+2032-U+2037 weigh 1, every other code
point weighs 2 (so an emoji counts 2, a ZWJ sequence more than on X), and every URL counts
23 whatever its length. The limit is 280.
"""

from __future__ import annotations

import re
import unicodedata

MAX_WEIGHTED_LENGTH = 280
URL_WEIGHT = 23
_LIGHT_RANGES = ((0x0000, 0x10FF), (0x2000, 0x200D), (0x2010, 0x201F), (0x2032, 0x2037))

URL_RE = re.compile(r"https?://[^\s<>\"]+[^\s<>\".,;:!?)\]'\"]")
# X usernames: 1-15 of [A-Za-z0-9_]; not preceded by a word char or @ (e-mail addresses).
MENTION_RE = re.compile(r"(?<![\w@])@(?P<username>[A-Za-z0-9_]{1,15})(?![\w@])")


def _weight(char: str) -> int:
    code = ord(char)
    return 1 if any(low <= code <= high for low, high in _LIGHT_RANGES) else 2


def weighted_length(text: str) -> int:
    """The length X counts against the 280 limit (see the module docstring)."""
    text = unicodedata.normalize("NFC", text)
    total, position = 0, 0
    for match in URL_RE.finditer(text):
        total += sum(_weight(c) for c in text[position : match.start()]) + URL_WEIGHT
        position = match.end()
    return total + sum(_weight(c) for c in text[position:])


def find_mentions(text: str) -> list[tuple[int, int, str]]:
    """(start, end, username) of each @mention outside URLs, as code-point offsets."""
    urls = [(m.start(), m.end()) for m in URL_RE.finditer(text)]
    found = []
    for match in MENTION_RE.finditer(text):
        if not any(start <= match.start() < end for start, end in urls):
            found.append((match.start(), match.end(), match.group("username")))
    return found


def find_urls(text: str) -> list[tuple[int, int, str]]:
    """(start, end, url) of each URL, as code-point offsets."""
    return [(m.start(), m.end(), m.group(0)) for m in URL_RE.finditer(text)]
